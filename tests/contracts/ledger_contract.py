"""The contract every backend must meet: ledger commands, concurrency, projections, runners.

Subclasses in each tier provide the ``settings`` fixture (memory, SQLite, PostgreSQL).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from api import bootstrap
from api.settings import Settings
from domain.application import CertificationLedger
from domain.assessment import Assessment
from domain.errors import (
    AnswerAwaitedError,
    AssessmentCompletedError,
    AssessmentNotFoundError,
    ChallengeAlreadyServedError,
    ChallengeNotCurrentError,
    ChallengeNotFoundError,
    ChallengeNotServableError,
    ConflictError,
    InvalidInputError,
)
from projections.challenge_statistics import ChallengeStatisticsView
from projections.runner import CatchUpRunner, RunnerThread
from tests.factories import (
    ACTOR,
    T0,
    answer_run,
    at,
    new_subject,
    right_answer,
    start,
    untimed_challenges,
)

SELECTION = {"algorithm": "test", "version": 1, "draw": 0.25}


class LedgerContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(settings)
        yield c
        c.close()

    @pytest.fixture
    def ledger(self, container: bootstrap.Container) -> CertificationLedger:
        return container.ledger

    @pytest.fixture
    def runner(self, container: bootstrap.Container) -> CatchUpRunner[ChallengeStatisticsView]:
        r: CatchUpRunner[ChallengeStatisticsView] = container.runners["challenge_statistics"]
        r.batch_size = 5  # many small batches, so interruptions land between batches
        return r

    def other_ledger(
        self, settings: Settings, ledger: CertificationLedger
    ) -> tuple[CertificationLedger, Any]:
        """A second writer with its own connections (the same instance for in-memory)."""
        if settings.backend == "memory":
            return ledger, None
        other = bootstrap.build(settings, read_models=[])
        return other.ledger, other

    # -- commands ------------------------------------------------------------------------

    def test_records_an_assessment_and_replays_it_from_events(
        self, ledger: CertificationLedger
    ) -> None:
        aid = answer_run(ledger, "rws")
        ledger.complete_assessment(aid, completed_at=at(600), actor=ACTOR)
        replayed = ledger.get_assessment(aid)
        assert [s for _, s in replayed.answers] == ["ok", "ko", "aband"]
        assert replayed.served == [c.id for c in untimed_challenges(ledger)[:3]]
        assert replayed.is_completed
        assert replayed.completed_at == at(600)
        assert replayed.framework_key == "pix-v1"
        assert replayed.bank_key == "sample-v1"
        events = list(ledger.events.get(aid))
        served, answered = events[1], events[2]
        assert isinstance(served, Assessment.ChallengeServed)
        assert served.selection == {"algorithm": "test", "version": 1}
        assert isinstance(answered, Assessment.AnswerRecorded)
        assert answered.time_spent_seconds == 30

    def test_refused_commands_record_nothing(self, ledger: CertificationLedger) -> None:
        first, second = untimed_challenges(ledger)[:2]
        aid = start(ledger)
        ledger.serve_challenge(aid, first.id, selection=SELECTION, served_at=at(1), actor=ACTOR)
        head = ledger.recorder.max_notification_id()

        def answer_other() -> None:
            ledger.record_answer(aid, second.id, "x", answered_at=at(2), actor=ACTOR)

        def serve(challenge_id: str) -> None:
            ledger.serve_challenge(
                aid, challenge_id, selection=SELECTION, served_at=at(2), actor=ACTOR
            )

        def start_with(kind: str, scope: str) -> None:
            ledger.start_assessment(
                kind=kind, subject_id=new_subject(), scope=scope, started_at=T0, actor=ACTOR
            )

        refusals: list[tuple[type[Exception], Any]] = [
            (ChallengeNotCurrentError, answer_other),
            (AnswerAwaitedError, lambda: serve(second.id)),
            (ChallengeNotFoundError, lambda: serve("recNOPE")),
            (AssessmentNotFoundError, lambda: ledger.get_assessment(new_subject())),
            (InvalidInputError, lambda: start_with("EXAM", "1.1")),
            (InvalidInputError, lambda: start_with("DEMO", "9.9")),
        ]
        for error, command in refusals:
            with pytest.raises(error):
                command()
        assert ledger.recorder.max_notification_id() == head

    def test_refuses_serving_twice_outside_scope_or_after_completion(
        self, ledger: CertificationLedger
    ) -> None:
        first = untimed_challenges(ledger)[0]
        aid = start(ledger)
        ledger.serve_challenge(aid, first.id, selection=SELECTION, served_at=at(1), actor=ACTOR)
        ledger.record_answer(aid, first.id, right_answer(first), answered_at=at(2), actor=ACTOR)
        with pytest.raises(ChallengeAlreadyServedError):
            ledger.serve_challenge(aid, first.id, selection=SELECTION, served_at=at(3), actor=ACTOR)
        elsewhere = ledger.bank.servable_challenges("5.2")[0]
        with pytest.raises(ChallengeNotServableError):
            ledger.serve_challenge(
                aid, elsewhere.id, selection=SELECTION, served_at=at(3), actor=ACTOR
            )
        ledger.complete_assessment(aid, completed_at=at(4), actor=ACTOR)
        with pytest.raises(AssessmentCompletedError):
            ledger.serve_challenge(
                aid,
                untimed_challenges(ledger)[1].id,
                selection=SELECTION,
                served_at=at(5),
                actor=ACTOR,
            )
        with pytest.raises(AssessmentCompletedError):
            ledger.complete_assessment(aid, completed_at=at(6), actor=ACTOR)

    def test_installing_the_same_content_twice_records_it_once(
        self, ledger: CertificationLedger
    ) -> None:
        first = ledger.install_content(installed_at=T0, actor=ACTOR)
        head = ledger.recorder.max_notification_id()
        assert ledger.install_content(installed_at=at(60), actor=ACTOR) == first
        assert ledger.recorder.max_notification_id() == head
        release = ledger.get_content_release(first)
        assert (release.framework_key, release.bank_sha256) == ("pix-v1", ledger.bank.sha256)
        assert release.installed_at == T0

    # -- concurrency -----------------------------------------------------------------------

    def test_two_writers_on_one_aggregate_one_wins_the_other_conflicts(
        self, settings: Settings, ledger: CertificationLedger
    ) -> None:
        first, second = untimed_challenges(ledger)[:2]
        aid = start(ledger)
        other, owner = self.other_ledger(settings, ledger)
        try:
            mine, theirs = ledger.get_assessment(aid), other.get_assessment(aid)
            mine._serve(first.id, SELECTION, at(1), ACTOR.id, ACTOR.role)
            theirs._serve(second.id, SELECTION, at(1), ACTOR.id, ACTOR.role)
            ledger.save(mine)
            with pytest.raises(ConflictError):
                other._save(theirs)
        finally:
            if owner is not None:
                owner.close()
        stored = ledger.get_assessment(aid)
        assert stored.served == [first.id]
        assert stored.version == 2

    def test_racing_threads_serve_one_challenge_and_lose_no_update(
        self, ledger: CertificationLedger
    ) -> None:
        aid = start(ledger)
        candidates = untimed_challenges(ledger)[:6]
        barrier = threading.Barrier(len(candidates))
        outcomes: dict[str, str] = {}

        def serve(challenge_id: str) -> None:
            barrier.wait()
            try:
                ledger.serve_challenge(
                    aid, challenge_id, selection=SELECTION, served_at=at(1), actor=ACTOR
                )
                outcomes[challenge_id] = "served"
            except (ConflictError, AnswerAwaitedError) as e:
                outcomes[challenge_id] = e.code

        threads = [threading.Thread(target=serve, args=(c.id,)) for c in candidates]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        winners = [cid for cid, outcome in outcomes.items() if outcome == "served"]
        assert len(winners) == 1
        assert len(outcomes) == len(candidates)
        assert ledger.get_assessment(aid).served == winners

    def test_a_process_whose_assessment_is_stale_decides_on_the_store_s_state(
        self, settings: Settings, ledger: CertificationLedger
    ) -> None:
        if settings.backend == "memory":
            pytest.skip("two processes cannot share a memory store")
        first, second = untimed_challenges(ledger)[:2]
        aid = start(ledger)
        ledger.serve_challenge(aid, first.id, selection=SELECTION, served_at=at(1), actor=ACTOR)
        assert aid in ledger.live  # kept in this process, in the state it saved
        other, owner = self.other_ledger(settings, ledger)
        try:
            # Another process answers and serves the next challenge: the kept copy is stale.
            other.record_answer(aid, first.id, "faux", answered_at=at(2), actor=ACTOR)
            other.serve_challenge(aid, second.id, selection=SELECTION, served_at=at(3), actor=ACTOR)
        finally:
            if owner is not None:
                owner.close()
        # Stale state would refuse this answer ("not the current one"): the store's is asked.
        status = ledger.record_answer(aid, second.id, "faux", answered_at=at(4), actor=ACTOR)
        assert status == "ko"
        # A refusal on fresh state still stands, and records nothing.
        head = ledger.recorder.max_notification_id()
        with pytest.raises(ChallengeNotCurrentError):
            ledger.record_answer(aid, first.id, "faux", answered_at=at(5), actor=ACTOR)
        assert ledger.recorder.max_notification_id() == head
        stored = ledger.get_assessment(aid)
        assert [a[0] for a in stored.answers] == [first.id, second.id]

    def test_a_stale_process_cannot_record_a_decision_taken_on_its_copy(
        self, settings: Settings, ledger: CertificationLedger
    ) -> None:
        if settings.backend == "memory":
            pytest.skip("two processes cannot share a memory store")
        first = untimed_challenges(ledger)[0]
        aid = start(ledger)
        ledger.serve_challenge(aid, first.id, selection=SELECTION, served_at=at(1), actor=ACTOR)
        other, owner = self.other_ledger(settings, ledger)
        try:
            other.complete_assessment(aid, completed_at=at(2), actor=ACTOR)
        finally:
            if owner is not None:
                owner.close()
        # The kept copy still awaits an answer; writing it would follow a completion.
        with pytest.raises(AssessmentCompletedError):
            ledger.record_answer(aid, first.id, "faux", answered_at=at(3), actor=ACTOR)
        stored = ledger.get_assessment(aid)
        assert stored.is_completed
        assert stored.answers == []

    # -- projections -----------------------------------------------------------------------

    def test_projection_counts_served_challenges_and_answers_by_status(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        answer_run(ledger, "rws")
        answer_run(ledger, "rrw")
        runner.catch_up()
        c1, c2, c3 = (runner.view.get_statistics(c.id) for c in untimed_challenges(ledger)[:3])
        assert (c1.served, c1.ok, c1.ko, c1.answered) == (2, 2, 0, 2)
        assert (c2.ok, c2.ko) == (1, 1)
        assert c2.success_rate == 0.5
        assert (c3.ko, c3.aband, c3.time_spent) == (1, 1, 60)
        assert runner.status().lag == 0
        assert runner.position() == ledger.recorder.max_notification_id()

    def test_rebuild_from_zero_gives_the_caught_up_view(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        for pattern in ("rrwr", "wsrw", "rrrr", "wwws"):
            answer_run(ledger, pattern)
        runner.catch_up()
        caught_up = runner.view.list_statistics()
        positions: list[int] = []
        runner.rebuild(progress=lambda pos, head: positions.append(pos))
        assert runner.view.list_statistics() == caught_up
        assert positions == sorted(positions)
        assert len(positions) > 2

    def test_runner_killed_mid_rebuild_resumes_to_the_uninterrupted_result(
        self,
        ledger: CertificationLedger,
        runner: CatchUpRunner[ChallengeStatisticsView],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        for pattern in ("rrwr", "wsrw", "rrrr", "wwws", "rsrs"):
            answer_run(ledger, pattern)
        runner.catch_up()
        uninterrupted = runner.view.list_statistics()
        runner.view.reset(ledger.name)
        seen = 0
        original = runner.log.changes

        # Events are read plainly or decoded in full (ADR 1620): die between two events of
        # a batch, whichever path they take.
        def dies_after_seven(rows: Any) -> list[Any]:
            nonlocal seen
            changes: list[Any] = []
            for row in rows:
                seen += 1
                if seen > 7:
                    raise SystemExit("killed")  # what a SIGKILL leaves: a batch never committed
                changes += original([row])
            return changes

        monkeypatch.setattr(runner.log, "changes", dies_after_seven)
        with pytest.raises(SystemExit):
            runner.catch_up()
        monkeypatch.undo()
        stopped_at = runner.position()
        assert 0 < stopped_at < (ledger.recorder.max_notification_id() or 0)
        runner.catch_up()
        assert runner.view.list_statistics() == uninterrupted

    def test_a_batch_that_fails_to_commit_writes_neither_rows_nor_tracking(
        self,
        ledger: CertificationLedger,
        runner: CatchUpRunner[ChallengeStatisticsView],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        answer_run(ledger, "rrwr")

        def fail(*args: Any) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(runner.view, "_insert_tracking", fail)
        with pytest.raises(RuntimeError):
            runner.catch_up()
        monkeypatch.undo()
        assert runner.view.list_statistics() == []
        assert runner.position() == 0
        runner.catch_up()
        assert sum(s.served for s in runner.view.list_statistics()) == 4

    def test_runner_thread_follows_new_events(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        threads = RunnerThread([runner], poll_interval=0.05)
        threads.start()
        try:
            answer_run(ledger, "rw")
            runner.wait(ledger.recorder.max_notification_id() or 0, timeout=10)
            answer_run(ledger, "r")
            runner.wait(ledger.recorder.max_notification_id() or 0, timeout=10)
        finally:
            threads.stop()
        assert threads.errors == []
        first = untimed_challenges(ledger)[0]
        assert runner.view.get_statistics(first.id).served == 2

    def test_status_reports_the_lag_until_caught_up(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        answer_run(ledger, "rw")
        assert runner.status().lag == ledger.recorder.max_notification_id()
        runner.catch_up()
        assert runner.status().lag == 0
