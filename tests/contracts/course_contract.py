"""The v3 certification course on every backend: delivery, replay, refusals, alerts, scoring."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from uuid import UUID, uuid4

import numpy as np
import pytest

from api import bootstrap
from api.settings import Settings
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.certification.course import CertificationCourse
from domain.certification.delivery import (
    flash_configuration,
    replay_choice,
    result_record,
    score_course,
)
from domain.certification.errors import (
    CertificationTestEndedError,
    CertificationTimeLimitExceededError,
    ChallengeAlreadyAnsweredError,
    NoOngoingLiveAlertError,
)
from domain.certification.ports import ProfilesFactory
from domain.errors import ChallengeNotCurrentError, StorageUnavailableError
from domain.positioning.profiles import PositioningProfiles
from tests.factories import T0, WRONG, at, right_answer
from tests.races import hold_saves_until_all_loaded_in, race

CANDIDATE = Actor(id="c0ffee00-0000-4000-8000-000000000001", role="CANDIDATE")
INVIGILATOR = Actor(id="c0ffee00-0000-4000-8000-000000000002", role="INVIGILATOR")
SYSTEM = Actor.system("finalisation")


@contextmanager
def open_ledger(
    settings: Settings, profiles: ProfilesFactory = PositioningProfiles
) -> Iterator[CertificationLedger]:
    """A ledger without read models (with the configured vault), closed on exit."""
    container = bootstrap.build(settings, read_models=[], profiles=profiles)
    ledger = container.ledger
    try:
        yield ledger
    finally:
        container.close()


def begin(ledger: CertificationLedger, extra_time: float = 0.0) -> UUID:
    return ledger.begin_course(
        session_id=uuid4(),
        candidate_id=uuid4(),
        user_id=uuid4(),
        locale="fr-fr",
        accessibility_adjusted=False,
        extra_time_ratio=extra_time,
        verification_code="P-BCDFGH23",
        started_at=T0,
        actor=CANDIDATE,
    )


def sit(
    ledger: CertificationLedger, course_id: UUID, theta: float, seed: int, answers: int = 99
) -> int:
    """A simulated candidate answers right with the IRT probability; returns answers given."""
    rng, answer_rng = np.random.default_rng(seed), np.random.default_rng(seed + 1000)
    given = 0
    while given < answers and not ledger.get_course(course_id).is_ended:
        now = at(60 * given + 5)
        challenge_id = ledger.current_question(course_id, at=now, actor=CANDIDATE, rng=rng)
        if challenge_id is None:
            break
        c = ledger.bank.challenge(challenge_id)
        p = 1 / (1 + math.exp(-c.calibration.discriminant * (theta - c.calibration.difficulty)))
        value = right_answer(c) if answer_rng.random() < p else WRONG
        ledger.answer_question(
            course_id, challenge_id, value, at=now + timedelta(seconds=3), actor=CANDIDATE
        )
        given += 1
    return given


class CourseContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def ledger(self, settings: Settings) -> Iterator[CertificationLedger]:
        with open_ledger(settings) as ledger:
            yield ledger

    @pytest.fixture
    def other(self, settings: Settings) -> Iterator[CertificationLedger]:
        """A second process's ledger over the same store (none shares a memory store)."""
        if settings.backend == "memory":
            pytest.skip("two processes cannot share a memory store")
        with open_ledger(settings) as ledger:
            yield ledger

    def test_a_candidate_answers_32_questions_and_the_course_completes(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        assert sit(ledger, course_id, theta=1.0, seed=3) == 32
        with pytest.raises(CertificationTestEndedError):
            ledger.current_question(
                course_id, at=at(3000), actor=CANDIDATE, rng=np.random.default_rng(0)
            )
        course = ledger.get_course(course_id)
        assert course.state == "completed"
        assert len(course.served) == 32
        assert len({ledger.bank.challenge(c).tube_id for c in course.served}) == 32
        assert {ledger.bank.challenge(c).competence_code for c in course.served} == {
            c.code for c in ledger.framework.competences
        }

    def test_replay_gives_the_same_questions_and_rescoring_the_recorded_result(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        sit(ledger, course_id, theta=0.3, seed=11)
        recorded = ledger.score_certification_course(course_id, at=at(4000), actor=SYSTEM)
        events = list(ledger.events.get(course_id))
        served = [e for e in events if isinstance(e, CertificationCourse.ChallengeServed)]
        replayed = ledger.get_course(course_id)
        assert replayed.served == [e.challenge_id for e in served]
        configuration = flash_configuration(replayed)
        for e in served:  # every pick is re-derived from its recorded draws, no generator
            rank = replay_choice(configuration, e.draws, len(e.candidate_ids))
            assert e.candidate_ids[rank] == e.challenge_id
        assert result_record(score_course(replayed, ledger.bank)) == recorded
        assert replayed.results == [recorded]
        assert recorded["status"] == "validated"
        assert recorded["algorithm"] == {"name": "v3-result", "version": 1}

    def test_the_same_answer_twice_is_recorded_once_and_answered_the_same(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(5)
        first = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert first is not None
        assert ledger.current_question(course_id, at=at(2), actor=CANDIDATE, rng=rng) == first
        status = ledger.answer_question(course_id, first, WRONG, at=at(10), actor=CANDIDATE)
        head = ledger.recorder.max_notification_id()
        assert (
            ledger.answer_question(course_id, first, WRONG, at=at(12), actor=CANDIDATE)
            == status
            == "ko"
        )
        assert ledger.recorder.max_notification_id() == head

    def test_two_identical_answers_at_the_same_instant_get_the_same_reply_twice(
        self, ledger: CertificationLedger
    ) -> None:
        # In one process the course's commands take turns (ADR 1500); across processes the
        # race is real: see the tests with a second process below.
        course_id = begin(ledger)
        first = ledger.current_question(
            course_id, at=at(1), actor=CANDIDATE, rng=np.random.default_rng(5)
        )
        assert first is not None

        def answer() -> object:
            status, progress = ledger.answer_and_continue(
                course_id, first, WRONG, at=at(10), actor=CANDIDATE, rng=np.random.default_rng(6)
            )
            return (status, progress.current_challenge_id)

        replies = race(answer, answer)
        assert len(replies) == 2
        assert replies[0] == replies[1], replies
        assert not isinstance(replies[0], Exception)
        assert len(ledger.get_course(course_id).answers) == 1

    def test_identical_answers_racing_in_two_processes_get_the_same_reply_twice(
        self, ledger: CertificationLedger, other: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        first = ledger.current_question(
            course_id, at=at(1), actor=CANDIDATE, rng=np.random.default_rng(5)
        )
        assert first is not None
        other.current_question(course_id, at=at(2), actor=CANDIDATE, rng=np.random.default_rng(5))
        hold_saves_until_all_loaded_in(ledger, other)

        def answer(process: CertificationLedger) -> object:
            status, progress = process.answer_and_continue(
                course_id, first, WRONG, at=at(10), actor=CANDIDATE, rng=np.random.default_rng(6)
            )
            return (status, progress.current_challenge_id)

        replies = race(lambda: answer(ledger), lambda: answer(other))
        assert len(replies) == 2
        assert replies[0] == replies[1], replies
        assert not isinstance(replies[0], Exception)
        assert len(ledger.get_course(course_id).answers) == 1

    def test_a_process_whose_course_is_stale_reloads_it_and_decides_on_fresh_state(
        self, ledger: CertificationLedger, other: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(3)
        first = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert first is not None
        # The other process answers and serves the next question: this one's copy is stale.
        other.answer_and_continue(course_id, first, WRONG, at=at(5), actor=CANDIDATE, rng=rng)
        second = other.get_course(course_id).current_challenge_id
        assert second is not None
        # A retry of the same answer here gets the other process's reply, nothing recorded.
        head = ledger.recorder.max_notification_id()
        status, progress = ledger.answer_and_continue(
            course_id, first, WRONG, at=at(6), actor=CANDIDATE, rng=rng
        )
        assert (status, progress.current_challenge_id, progress.answered) == ("ko", second, 1)
        assert ledger.recorder.max_notification_id() == head
        # And the next answer, decided here, goes on from the other process's question.
        ledger.answer_question(course_id, second, WRONG, at=at(9), actor=CANDIDATE)
        assert [a[0] for a in ledger.get_course(course_id).answers] == [first, second]

    def test_a_stale_process_answers_the_question_served_elsewhere_instead_of_refusing(
        self, ledger: CertificationLedger, other: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(8)
        first = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert first is not None
        other.answer_and_continue(course_id, first, WRONG, at=at(5), actor=CANDIDATE, rng=rng)
        second = other.get_course(course_id).current_challenge_id
        assert second is not None
        # This process still has ``first`` awaiting: on that copy ``second`` is not current.
        status = ledger.answer_question(course_id, second, WRONG, at=at(9), actor=CANDIDATE)
        assert status == "ko"
        assert [a[0] for a in ledger.get_course(course_id).answers] == [first, second]

    def test_a_stale_process_asked_for_the_question_gives_the_store_s_and_writes_nothing(
        self, ledger: CertificationLedger, other: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(9)
        first = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert first is not None
        other.answer_and_continue(course_id, first, WRONG, at=at(5), actor=CANDIDATE, rng=rng)
        second = other.get_course(course_id).current_challenge_id
        assert second not in (None, first)
        head = ledger.recorder.max_notification_id()
        asked = ledger.current_question(course_id, at=at(6), actor=CANDIDATE, rng=rng)
        assert asked == second
        assert ledger.recorder.max_notification_id() == head

    def test_an_answer_on_a_stale_course_ended_elsewhere_is_refused(
        self, ledger: CertificationLedger, other: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(4)
        current = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert current is not None
        other.end_course_by_invigilator(course_id, at=at(2), actor=INVIGILATOR)
        head = ledger.recorder.max_notification_id()
        with pytest.raises(CertificationTestEndedError):
            ledger.answer_and_continue(
                course_id, current, WRONG, at=at(3), actor=CANDIDATE, rng=rng
            )
        assert ledger.recorder.max_notification_id() == head
        assert ledger.get_course(course_id).state == "endedByInvigilator"

    def test_a_failed_save_leaves_no_trace_in_the_process(
        self, ledger: CertificationLedger, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(2)
        current = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert current is not None
        save = ledger.save

        def store_down(*objs: object, **kwargs: object) -> object:
            raise StorageUnavailableError("the store went away")

        monkeypatch.setattr(ledger, "save", store_down)
        with pytest.raises(StorageUnavailableError):
            ledger.answer_and_continue(
                course_id, current, WRONG, at=at(5), actor=CANDIDATE, rng=rng
            )
        monkeypatch.setattr(ledger, "save", save)
        # The answer triggered in memory was never stored: the process must not remember it.
        assert course_id not in ledger.live
        status, progress = ledger.answer_and_continue(
            course_id, current, right_answer(ledger.bank.challenge(current)), at=at(6),
            actor=CANDIDATE, rng=rng,
        )  # fmt: skip
        assert (status, progress.answered) == ("ok", 1)
        assert ledger.get_course(course_id).answers[0][2] == "ok"

    def test_a_course_changed_by_another_command_of_the_process_is_not_served_stale(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(7)
        current = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert current is not None
        assert course_id in ledger.live
        ledger.end_course_by_invigilator(course_id, at=at(2), actor=INVIGILATOR)
        assert course_id not in ledger.live
        with pytest.raises(CertificationTestEndedError):
            ledger.current_question(course_id, at=at(3), actor=CANDIDATE, rng=rng)

    def test_an_answer_to_anything_but_the_current_question_is_refused_and_records_nothing(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        current = ledger.current_question(
            course_id, at=at(1), actor=CANDIDATE, rng=np.random.default_rng(1)
        )
        other = next(c.id for c in ledger.bank.servable_challenges("5.2") if c.id != current)
        head = ledger.recorder.max_notification_id()
        with pytest.raises(ChallengeNotCurrentError):
            ledger.answer_question(course_id, other, "1", at=at(5), actor=CANDIDATE)
        assert ledger.recorder.max_notification_id() == head

    def test_answers_after_105_minutes_plus_extra_time_are_refused(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger, extra_time=0.5)
        assert ledger.get_course(course_id).deadline == T0 + timedelta(minutes=157, seconds=30)
        current = ledger.current_question(
            course_id, at=at(60 * 150), actor=CANDIDATE, rng=np.random.default_rng(1)
        )
        assert current is not None
        head = ledger.recorder.max_notification_id()
        with pytest.raises(CertificationTimeLimitExceededError, match="2026-11-22T11:37:30"):
            ledger.answer_question(course_id, current, WRONG, at=at(60 * 158), actor=CANDIDATE)
        assert ledger.recorder.max_notification_id() == head

    def test_a_validated_live_alert_replaces_the_question_and_excludes_its_skill(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(8)
        alerted = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert alerted is not None
        ledger.raise_live_alert(course_id, alerted, at=at(2), actor=CANDIDATE)
        ledger.raise_live_alert(course_id, alerted, at=at(3), actor=CANDIDATE)  # no-op when ongoing
        ledger.validate_live_alert(course_id, "IMAGE_NOT_DISPLAYING", at=at(4), actor=INVIGILATOR)
        sit(ledger, course_id, theta=0.5, seed=9)
        course = ledger.get_course(course_id)
        skill = ledger.bank.challenge(alerted).skill_id
        assert course.validated_alerts == [alerted]
        assert all(ledger.bank.challenge(c).skill_id != skill for c in course.served[1:])
        assert len(course.answers) == 32

    def test_a_dismissed_alert_keeps_the_question_and_alerts_need_an_unanswered_question(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        rng = np.random.default_rng(2)
        current = ledger.current_question(course_id, at=at(1), actor=CANDIDATE, rng=rng)
        assert current is not None
        with pytest.raises(NoOngoingLiveAlertError):
            ledger.dismiss_live_alert(course_id, at=at(2), actor=INVIGILATOR)
        ledger.raise_live_alert(course_id, current, at=at(2), actor=CANDIDATE)
        ledger.dismiss_live_alert(course_id, at=at(3), actor=INVIGILATOR)
        assert ledger.current_question(course_id, at=at(4), actor=CANDIDATE, rng=rng) == current
        ledger.answer_question(course_id, current, WRONG, at=at(5), actor=CANDIDATE)
        with pytest.raises(ChallengeAlreadyAnsweredError):
            ledger.raise_live_alert(course_id, current, at=at(6), actor=CANDIDATE)

    def test_the_invigilator_can_end_a_test_and_nothing_is_answered_after(
        self, ledger: CertificationLedger
    ) -> None:
        course_id = begin(ledger)
        sit(ledger, course_id, theta=0.0, seed=4, answers=5)
        ledger.end_course_by_invigilator(course_id, at=at(400), actor=INVIGILATOR)
        with pytest.raises(CertificationTestEndedError):
            ledger.current_question(
                course_id, at=at(401), actor=CANDIDATE, rng=np.random.default_rng(0)
            )
        with pytest.raises(CertificationTestEndedError):
            ledger.end_course_by_invigilator(course_id, at=at(402), actor=INVIGILATOR)
        result = ledger.score_certification_course(course_id, at=at(500), actor=SYSTEM)
        assert (result["status"], result["auto_jury_comment"]) == (
            "rejected",
            "REJECTED_DUE_TO_LACK_OF_ANSWERS",
        )

    def test_entering_again_resumes_the_same_course(self, ledger: CertificationLedger) -> None:
        session, user = uuid4(), uuid4()
        ids = {
            ledger.begin_course(
                session_id=session, candidate_id=uuid4(), user_id=user, locale="fr-fr",
                accessibility_adjusted=False, extra_time_ratio=0.0, verification_code="P-BCDFGH23",
                started_at=T0 + timedelta(minutes=i), actor=CANDIDATE,
            )
            for i in range(2)
        }  # fmt: skip
        assert len(ids) == 1
