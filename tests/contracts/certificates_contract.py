"""The certificates read model on every backend: delivery, revocation, rebuild, exactly-once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from api import bootstrap
from api.settings import Settings
from domain.credentials.codes import code_digest
from projections.certificates import CertificatesView
from projections.runner import CatchUpRunner
from tests.contracts.certificates_story import (
    Seat,
    publish,
    record_result,
    record_session,
    rejected,
    unpublish,
    validated,
    validated_v2,
)
from tests.factories import T0

PUBLISHED_AT = T0 + timedelta(days=10)


class CertificatesContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        container = bootstrap.build(settings, read_models=["certificates"])
        try:
            yield container
        finally:
            container.close()

    @pytest.fixture
    def runner(self, container: bootstrap.Container) -> CatchUpRunner[Any]:
        return container.runners["certificates"]

    def view(self, runner: CatchUpRunner[Any]) -> CertificatesView:
        view: CertificatesView = runner.view
        return view

    def test_only_published_courses_with_a_validated_latest_result_are_delivered(
        self, container: bootstrap.Container, runner: CatchUpRunner[Any]
    ) -> None:
        ledger = container.ledger
        ok, ko, late = (
            Seat("Ada", "Lovelace"),
            Seat("Bob", "Martin", result=rejected()),
            Seat("Chloé", "Durand", code="P-XYWVTR98"),
        )
        session_id = record_session(ledger, [ok, ko, late])
        runner.catch_up()
        view = self.view(runner)
        assert all(r.delivered_at is None for r in view.courses_of_session(session_id))

        # ``late`` is not among the published courses (e.g. withheld by the jury).
        publish(ledger, session_id, [ok.course, ko.course], PUBLISHED_AT)
        runner.catch_up()
        rows = {r.course_id: r for r in view.courses_of_session(session_id)}
        assert rows[ok.course].delivered_at == PUBLISHED_AT
        assert rows[ok.course].is_certificate
        assert rows[ko.course].delivered_at is None
        assert rows[late.course].delivered_at is None
        session = view.session(session_id)
        assert session is not None
        assert session.published_at == PUBLISHED_AT
        assert session.centre_name == "Centre Pix Lyon"

    def test_a_code_reads_its_course_session_and_candidate_together_and_v2_keeps_its_cap(
        self, container: bootstrap.Container, runner: CatchUpRunner[Any]
    ) -> None:
        v3 = Seat("Ada", "Lovelace")
        v2 = Seat("Bob", "Martin", code="P-XYWVTR98", version=2, v2_cap=5, result=validated_v2())
        session_id = record_session(container.ledger, [v3, v2])
        runner.catch_up()
        view = self.view(runner)
        for seat in (v3, v2):
            found = view.certificate_rows(digest=code_digest(seat.code))
            assert found is not None
            course, session, candidate = found
            assert course == view.course(seat.course)
            assert session == view.session(session_id)
            assert candidate is not None
            assert candidate.candidate_id == seat.candidate_id
            assert candidate.session_id == session_id
        assert view.certificate_rows(digest=code_digest("P-BCDFGH24")) is None
        rows = {r.course_id: r for r in view.courses_of_session(session_id)}
        assert (rows[v3.course].version, rows[v3.course].max_reachable_level) == (3, None)
        assert (rows[v2.course].version, rows[v2.course].max_reachable_level) == (2, 5)

    def test_unpublication_revokes_with_its_date_and_reason_and_marks_the_status_entry(
        self, container: bootstrap.Container, runner: CatchUpRunner[Any]
    ) -> None:
        ledger = container.ledger
        seat = Seat("Ada", "Lovelace")
        session_id = record_session(ledger, [seat])
        publish(ledger, session_id, [seat.course], PUBLISHED_AT)
        unpublish(ledger, session_id, PUBLISHED_AT + timedelta(days=2))
        runner.catch_up()
        view = self.view(runner)
        row = view.course(seat.course)
        assert row is not None
        assert row.delivered_at == PUBLISHED_AT
        assert row.revoked_at == PUBLISHED_AT + timedelta(days=2)
        assert row.revocation_reason == "unpublished"
        assert not row.is_certificate
        assert row.status_seq is not None
        assert view.revoked_seqs() == [row.status_seq]

    def test_a_cancellation_after_publication_revokes_and_a_republication_takes_a_new_entry(
        self, container: bootstrap.Container, runner: CatchUpRunner[Any]
    ) -> None:
        ledger = container.ledger
        first, second = Seat("Ada", "Lovelace"), Seat("Bob", "Martin", code="P-XYWVTR98")
        session_id = record_session(ledger, [first, second])
        ids = [first.course, second.course]
        publish(ledger, session_id, ids, PUBLISHED_AT)
        cancelled = {**validated(), "status": "cancelled", "pix_score": None}
        record_result(
            ledger,
            session_id,
            first.course,
            cancelled,
            PUBLISHED_AT + timedelta(days=1),
        )
        runner.catch_up()
        view = self.view(runner)
        row = view.course(first.course)
        assert row is not None
        assert (row.revoked_at, row.revocation_reason) == (
            PUBLISHED_AT + timedelta(days=1),
            "cancelled",
        )
        old_seq = row.status_seq

        # Unpublished and published again: the valid course gets a new delivery and entry.
        unpublish(ledger, session_id, PUBLISHED_AT + timedelta(days=3))
        publish(ledger, session_id, ids, PUBLISHED_AT + timedelta(days=4))
        runner.catch_up()
        again = view.course(second.course)
        assert again is not None
        assert again.is_certificate
        assert again.delivered_at == PUBLISHED_AT + timedelta(days=4)
        still = view.course(first.course)
        assert still is not None
        assert not still.is_certificate
        assert old_seq in view.revoked_seqs()
        assert len(set(view.revoked_seqs())) == 2  # first's entry, and second's first entry

    def test_rebuild_equals_incremental_and_catching_up_again_applies_nothing_twice(
        self, container: bootstrap.Container, runner: CatchUpRunner[Any]
    ) -> None:
        ledger = container.ledger
        seats = [Seat("Ada", "Lovelace"), Seat("Bob", "Martin", code="P-XYWVTR98")]
        session_id = record_session(ledger, seats)
        runner.catch_up()
        publish(ledger, session_id, [s.course for s in seats], PUBLISHED_AT)
        runner.catch_up()
        record_result(ledger, session_id, seats[1].course, rejected(), PUBLISHED_AT)
        runner.catch_up()
        unpublish(ledger, session_id, PUBLISHED_AT + timedelta(days=1))
        runner.catch_up()
        incremental = self.view(runner).dump_all()
        position = runner.position()
        assert runner.catch_up() == 0
        assert self.view(runner).dump_all() == incremental
        runner.rebuild()
        assert runner.position() == position
        assert self.view(runner).dump_all() == incremental
        assert len(incremental["courses"]) == 2
        assert len(incremental["revoked"]) == 2
