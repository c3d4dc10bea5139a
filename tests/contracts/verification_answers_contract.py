"""Kept verification answers are never stale: each backend runs these (memory, SQLite, PostgreSQL).

One container serves the app; changes come through ``other``: a second container (another
process's ledger, views and vault) on the same store, or the same one in memory. The very next
verification after an erasure, an unpublication or a new checkpoint must show it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import bootstrap
from api.app import create_app
from api.deps import get_clock
from api.settings import Settings
from tests.contracts.certificates_story import Seat, publish, record_session, unpublish
from tests.factories import T0

PUBLISHED_AT = T0 + timedelta(days=10)
PATH = "/shared-certifications"


@dataclass
class Stores:
    client: TestClient
    serving: bootstrap.Container
    other: bootstrap.Container
    seat: Seat

    def verify(self) -> dict[str, Any]:
        answer = self.client.post(PATH, json={"verification_code": self.seat.code})
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def caught_up(self) -> None:
        """``other``'s projections catch up (the projection process of a deployment)."""
        for name in ("certificates", "audit_log"):
            self.other.runners[name].catch_up()


class VerificationAnswersContract:
    shared_store = True
    """False for memory: ``other`` is the serving container itself."""

    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def stores(self, settings: Settings) -> Iterator[Stores]:
        settings = settings.model_copy(
            update={
                "run_projections_in_app": False,
                "verification_limit_per_address": "1000/minute",
            }
        )
        serving = bootstrap.build(settings)
        other = bootstrap.build(settings) if self.shared_store else serving
        app = create_app(settings, serving)

        async def clock() -> Any:
            return lambda: PUBLISHED_AT + timedelta(days=1)

        app.dependency_overrides[get_clock] = clock
        try:
            with TestClient(app) as client:
                seat = Seat("Émilie", "Dupré")
                session_id = record_session(other.ledger, [seat])
                publish(other.ledger, session_id, [seat.course], PUBLISHED_AT)
                stores = Stores(client, serving, other, seat)
                stores.caught_up()
                yield stores
        finally:
            if other is not serving:
                other.close()
            serving.close()

    def test_an_answer_is_reused_while_nothing_changes(self, stores: Stores) -> None:
        first = stores.verify()
        services = stores.client.app.state.certificate_services  # type: ignore[attr-defined]
        reads: list[tuple[Any, ...]] = []
        read = services.reader.certificate_by_digest

        def counted(*args: Any) -> Any:
            reads.append(args)
            return read(*args)

        services.reader.certificate_by_digest = counted
        assert stores.verify() == first
        assert reads == []

    def test_an_erasure_by_another_instance_shows_in_the_very_next_answer(
        self, stores: Stores
    ) -> None:
        assert stores.verify()["last_name"] == "Dupré"
        vault = stores.other.ledger.personal_data_vault
        assert vault is not None
        assert stores.seat.candidate_id is not None
        assert vault.erase(stores.seat.candidate_id)
        shown = stores.verify()
        assert (shown["first_name"], shown["last_name"], shown["birthplace"]) == ("[erased]",) * 3

    def test_an_unpublication_by_another_instance_shows_in_the_very_next_answer(
        self, stores: Stores
    ) -> None:
        assert stores.verify()["validity"]["status"] == "valid"
        assert stores.seat.session_id is not None
        unpublish(stores.other.ledger, stores.seat.session_id, PUBLISHED_AT + timedelta(hours=2))
        stores.caught_up()
        shown = stores.verify()
        assert shown["validity"]["status"] == "revoked"
        assert shown["validity"]["revocation_reason"] == "unpublished"
        assert shown["pix_score"] is None

    def test_a_new_checkpoint_by_another_instance_shows_in_the_very_next_answer(
        self, stores: Stores
    ) -> None:
        before = stores.verify()["ledger_receipt"]
        assert before["outcome"] == "ok"  # the catch-up signed a first checkpoint
        record_session(stores.other.ledger, [Seat("Bob", "Martin", code="P-XYWVTR98")])
        stores.other.runners["audit_log"].catch_up()
        assert stores.other.audit is not None
        issued = stores.other.audit.checkpointer.issue()
        assert issued is not None
        assert issued.size > before["checkpoint_size"]
        receipt = stores.verify()["ledger_receipt"]
        assert receipt["outcome"] == "ok"
        assert receipt["checkpoint_size"] == issued.size
