"""A damaged or missing stored event: named in a clear error, never a 500; rebuilds stop
before emptying their view; the audit log still covers the damaged row (it hashes bytes)."""

from __future__ import annotations

import random
from abc import abstractmethod
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api import bootstrap
from api.app import create_app
from api.settings import Settings
from domain.actors import Actor
from domain.audit.errors import StoredEventError
from tests.e2e.api_client import bearer
from tests.factories import T0, answer_run

STAFF = Actor.system("unreadable-test")


class UnreadableContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @abstractmethod
    def rows(self, settings: Settings, originator_id: UUID) -> list[tuple[int, int]]:
        """(position, version) of the aggregate's stored events."""

    @abstractmethod
    def damage(self, settings: Settings, position: int) -> None:
        """Overwrite the stored bytes at ``position`` with garbage."""

    @abstractmethod
    def remove(self, settings: Settings, position: int) -> None:
        """Delete the stored row at ``position``."""

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(settings)
        yield c
        c.close()

    def _session(self, container: bootstrap.Container) -> UUID:
        ledger = container.ledger
        centre = ledger.register_centre(
            name="Centre", centre_type="PRO", external_id=None, at=T0, actor=STAFF
        )
        details = {
            "address": "1 rue",
            "room": "A",
            "examiner": "X",
            "date": "2026-11-30",
            "time": "14:00",
        }
        return ledger.create_session(
            centre_id=centre, details=details, at=T0, actor=STAFF, rng=random.Random(1)
        )

    def test_a_damaged_event_is_named_not_a_500(
        self, container: bootstrap.Container, settings: Settings
    ) -> None:
        session_id = self._session(container)
        position = self.rows(settings, session_id)[0][0]
        self.damage(settings, position)
        container.ledger.repository.cache = None  # read the store, not the cache
        with TestClient(create_app(settings, container), raise_server_exceptions=False) as client:
            response = client.get(f"/sessions/{session_id}", headers=bearer(client, "SUPER_ADMIN"))
        body = response.json()
        assert (response.status_code, body["code"]) == (503, "stored_event_unreadable")
        assert str(session_id) in body["detail"]

    def test_a_missing_event_is_named(
        self, container: bootstrap.Container, settings: Settings
    ) -> None:
        aid = answer_run(container.ledger, "rwr")
        rows = self.rows(settings, aid)
        self.remove(settings, rows[2][0])
        container.ledger.repository.cache = None
        with pytest.raises(StoredEventError, match=str(aid)):
            container.ledger.get_assessment(aid)

    def test_a_rebuild_meeting_a_damaged_event_stops_without_emptying_its_view(
        self, container: bootstrap.Container, settings: Settings
    ) -> None:
        aid = answer_run(container.ledger, "rwrr")
        runner = container.runners["challenge_statistics"]
        runner.catch_up()
        before: list[Any] = runner.view.list_statistics()
        assert before
        position = self.rows(settings, aid)[1][0]  # a ChallengeServed the view reads
        self.damage(settings, position)
        with pytest.raises(StoredEventError, match=f"position {position}"):
            runner.rebuild()
        assert runner.view.list_statistics() == before
        assert runner.position() > 0
        # The audit log hashes stored bytes: it logs the damaged row and verify names it.
        log = container.audit
        assert log is not None
        container.runners["audit_log"].catch_up()
        assert log.view.index_of(position) is not None
