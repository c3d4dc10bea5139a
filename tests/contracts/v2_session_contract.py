"""v2 sessions on every backend: the test drawn from a real profile, delivered, finalised, scored.

Profiles are built by simulated positioning (``position_learner``) before the session, so the
draw reads real knowledge elements through the positioning port.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import numpy as np
import pytest

from api.settings import Settings
from domain.application import CertificationLedger
from domain.certification.course import CertificationCourse
from domain.certification.errors import (
    CertificationTestEndedError,
    CertificationTimeLimitExceededError,
    SessionDetailsInvalidError,
)
from domain.certification.v2_course import V2CertificationCourse
from domain.certification.v2_delivery import replay_generation, v2_result_record
from domain.errors import ChallengeNotCurrentError
from domain.positioning.simulation import position_learner
from tests.contracts.course_contract import CANDIDATE, INVIGILATOR, SYSTEM, open_ledger
from tests.contracts.session_contract import CENTRE_ADMIN, DETAILS, person
from tests.factories import ACTOR, T0, WRONG, at, right_answer

# Six competences at a true level of 5: certifiable, with enough directly validated skills for
# three questions each (checked by the tests that rely on it).
LEVELS = {"1.1": 5.0, "1.3": 5.0, "2.2": 5.0, "3.1": 5.0, "4.1": 5.0, "5.1": 5.0}
Answering = Callable[[int, str], bool]


def position(
    ledger: CertificationLedger,
    learner: UUID,
    seed: int,
    levels: dict[str, float] = LEVELS,
    start: datetime = T0 - timedelta(days=30),
) -> datetime:
    """Simulate positioning on each competence in turn; returns when the last one ended."""
    rng, clock = np.random.default_rng(seed), start
    for code, level in levels.items():
        clock = position_learner(
            ledger, learner, code, level, rng, start=clock, actor=ACTOR
        ).ended_at
    return clock


def replayed(ledger: CertificationLedger, course_id: UUID) -> CertificationCourse:
    """The course folded anew from its stored events (no cache, no command)."""
    course: Any = None
    stored: Any
    for stored in ledger.events.get(course_id):
        course = stored.mutate(course)
    assert isinstance(course, CertificationCourse)
    return course


class V2SessionContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def ledger(self, settings: Settings) -> Iterator[CertificationLedger]:
        # The real positioning queries answer certifiability: profiles are built, not faked.
        with open_ledger(settings) as ledger:
            yield ledger

    def new_session(self, ledger: CertificationLedger, seed: int = 1) -> UUID:
        centre = ledger.register_centre(
            name="Centre Pix Lyon", centre_type="SUP", external_id=None, at=T0, actor=CENTRE_ADMIN
        )
        return ledger.create_session(
            centre_id=centre,
            details=DETAILS,
            at=T0,
            actor=CENTRE_ADMIN,
            rng=random.Random(seed),
            version=2,
        )

    def seat(
        self,
        ledger: CertificationLedger,
        session_id: UUID,
        last: str,
        *,
        seed: int = 1,
        between: Callable[[UUID], object] = lambda user: None,
    ) -> tuple[UUID, UUID]:
        """Position, enrol, reconcile, authorise, enter; ``between`` runs after reconciliation."""
        user = uuid4()
        position(ledger, user, seed)
        candidate = ledger.enrol_candidate(
            session_id, person("Léa", last), at=at(0), actor=CENTRE_ADMIN
        )
        ledger.reconcile_candidate(
            session_id,
            user_id=user,
            first_name="Léa",
            last_name=last,
            birthdate=date(2005, 3, 14),
            at=at(1),
            actor=CANDIDATE,
        )
        between(user)
        ledger.authorize_candidate(
            session_id, candidate, purpose="start", at=at(2), actor=INVIGILATOR
        )
        course = ledger.enter_session(
            session_id,
            access_code=ledger.get_session(session_id).access_code,
            user_id=user,
            locale="fr-fr",
            at=at(3),
            actor=CANDIDATE,
            rng=random.Random(seed),
        )
        return user, course

    def answer(
        self,
        ledger: CertificationLedger,
        course_id: UUID,
        right: Answering,
        count: int = 99,
        start: float = 10,
    ) -> list[str]:
        """Answer up to ``count`` questions; ``right(n, competence)`` says which are right."""
        statuses: list[str] = []
        rng = np.random.default_rng(0)  # v2 serves from the list: the generator goes unused
        for n in range(count):
            if ledger.get_course(course_id).is_ended:
                break
            now = at(60 * n + start)
            challenge_id = ledger.current_question(course_id, at=now, actor=CANDIDATE, rng=rng)
            if challenge_id is None:
                break
            challenge = ledger.bank.challenge(challenge_id)
            value = right_answer(challenge) if right(n, challenge.competence_code) else WRONG
            statuses.append(
                ledger.answer_question(
                    course_id, challenge_id, value, at=now + timedelta(seconds=3), actor=CANDIDATE
                )
            )
        return statuses

    def finalize(
        self, ledger: CertificationLedger, session_id: UUID, reasons: dict[UUID, str]
    ) -> list[dict[str, Any]]:
        return ledger.finalize_session(
            session_id,
            examiner_global_comment=None,
            has_incident=False,
            has_joining_issue=False,
            abort_reasons=reasons,
            at=at(5000),
            actor=CENTRE_ADMIN,
        )

    def v2_course(self, ledger: CertificationLedger, course_id: UUID) -> V2CertificationCourse:
        course = ledger.get_course(course_id)
        assert isinstance(course, V2CertificationCourse)
        return course

    def test_a_session_is_of_version_2_or_3_and_nothing_else(
        self, ledger: CertificationLedger
    ) -> None:
        assert ledger.get_session(self.new_session(ledger)).certification_version == 2
        centre = ledger.register_centre(
            name="C", centre_type="PRO", external_id=None, at=T0, actor=CENTRE_ADMIN
        )
        with pytest.raises(SessionDetailsInvalidError, match="version 2 or 3"):
            ledger.create_session(
                centre_id=centre,
                details=DETAILS,
                at=T0,
                actor=CENTRE_ADMIN,
                rng=random.Random(1),
                version=1,
            )

    def test_the_test_is_drawn_from_the_profile_as_of_reconciliation_and_recorded(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        # Positioning on a seventh competence after reconciliation must not reach the test.
        late: dict[str, float] = {"5.2": 5.0}
        user, course_id = self.seat(
            ledger,
            session_id,
            "Dupont",
            between=lambda u: position(ledger, u, 9, late, start=at(1) + timedelta(seconds=1)),
        )
        course = self.v2_course(ledger, course_id)
        reconciled = ledger.get_certifiability(user, at(1))
        assert ledger.get_certifiability(user, at(10**6)).competence_levels["5.2"] >= 1
        assert {c["competence_id"]: c["estimated_level"] for c in course.profile} == {
            code: level for code, level in reconciled.competence_levels.items() if level >= 1
        }
        assert "5.2" not in course.skills
        assert course.profile_at == at(1)
        assert course.algorithm == {"name": "v2-generation", "version": 1}
        by_competence: dict[str, list[str]] = {}
        for q in course.questions:
            by_competence.setdefault(q["competence_id"], []).append(q["challenge_id"])
        assert list(by_competence) == list(LEVELS)
        for code, challenges in by_competence.items():
            assert len(challenges) == 3
            validated = {s["id"] for s in course.skills[code]}
            assert {ledger.bank.challenge(c).skill_id for c in challenges} <= validated
        # Unseen challenges are preferred: a seen one is drawn only when its skill has no other.
        skills = {s["id"]: s for listed in course.skills.values() for s in listed}
        seen = set(course.already_answered)
        for pick in course.picks:
            offered = skills[pick["skill_id"]]["challenge_ids"]
            assert pick["choices"] == ([c for c in offered if c not in seen] or offered)
        again = replay_generation(course)
        assert [c for cs in again.challenges.values() for c in cs] == [
            q["challenge_id"] for q in course.questions
        ]
        again_course = replayed(ledger, course_id)
        assert isinstance(again_course, V2CertificationCourse)
        assert again_course.questions == course.questions

    def test_questions_are_served_in_order_and_answered_like_v3(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        _, course_id = self.seat(ledger, session_id, "Dupont")
        listed = [q["challenge_id"] for q in self.v2_course(ledger, course_id).questions]
        rng = np.random.default_rng(1)
        first = ledger.current_question(course_id, at=at(10), actor=CANDIDATE, rng=rng)
        assert first == listed[0]
        assert ledger.current_question(course_id, at=at(11), actor=CANDIDATE, rng=rng) == first
        with pytest.raises(ChallengeNotCurrentError):
            ledger.answer_question(course_id, listed[1], WRONG, at=at(12), actor=CANDIDATE)
        right = right_answer(ledger.bank.challenge(first))
        assert ledger.answer_question(course_id, first, right, at=at(13), actor=CANDIDATE) == "ok"
        head = ledger.recorder.max_notification_id()
        assert ledger.answer_question(course_id, first, right, at=at(14), actor=CANDIDATE) == "ok"
        assert ledger.recorder.max_notification_id() == head
        second = ledger.current_question(course_id, at=at(20), actor=CANDIDATE, rng=rng)
        assert second == listed[1]
        ledger.raise_live_alert(course_id, second, at=at(21), actor=CANDIDATE)
        ledger.validate_live_alert(course_id, "IMAGE_NOT_DISPLAYING", at=at(22), actor=INVIGILATOR)
        third = ledger.current_question(course_id, at=at(30), actor=CANDIDATE, rng=rng)
        assert third == listed[2]
        with pytest.raises(CertificationTimeLimitExceededError):
            ledger.answer_question(course_id, third, WRONG, at=at(106 * 60), actor=CANDIDATE)
        ledger.answer_question(course_id, third, WRONG, at=at(40), actor=CANDIDATE)
        self.answer(ledger, course_id, lambda n, code: True, start=60)
        course = self.v2_course(ledger, course_id)
        assert course.state == "completed"
        assert course.served == listed
        assert len(course.answers) == len(listed) - 1
        with pytest.raises(CertificationTestEndedError):
            ledger.current_question(course_id, at=at(3000), actor=CANDIDATE, rng=rng)
        result = ledger.score_certification_course(course_id, at=at(3100), actor=SYSTEM)
        assert result["neutralized"] == [second]  # the validated alert removed it
        # Counted: every question but the removed one; wrong: only the third.
        assert result["reproducibility_rate"] == round(100 * (len(listed) - 2) / (len(listed) - 1))

    def test_finalisation_skips_a_leavers_questions_and_neutralizes_a_technical_failures(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        _, left = self.seat(ledger, session_id, "Dupont", seed=1)
        _, failed = self.seat(ledger, session_id, "Martin", seed=1)
        assert self.answer(ledger, left, lambda n, code: True, count=14) == ["ok"] * 14
        assert self.answer(ledger, failed, lambda n, code: True, count=14) == ["ok"] * 14
        ledger.end_course_by_invigilator(failed, at=at(4000), actor=INVIGILATOR)
        results = self.finalize(ledger, session_id, {left: "candidate", failed: "technical"})
        by_course = dict(zip((left, failed), results, strict=True))
        leaver, technical = self.v2_course(ledger, left), self.v2_course(ledger, failed)
        assert leaver.state == "endedDueToFinalization"
        assert technical.state == "endedByInvigilator"  # the invigilator's end stays recorded
        assert by_course[left]["skipped_automatically"] == leaver.unanswered() != []
        assert by_course[left]["neutralized"] == []
        # 14 right out of 18 counted: the 4 skipped count as wrong.
        assert by_course[left]["reproducibility_rate"] == 78
        assert by_course[failed]["neutralized"] == sorted(technical.unanswered())
        assert by_course[failed]["skipped_automatically"] == []
        # 4 of 18 neutralized leaves 14 counted, at least ceil(0.66 x 18) = 12: still trusted.
        assert (by_course[failed]["reproducibility_rate"], by_course[failed]["trusted"]) == (
            100,
            True,
        )
        assert by_course[left]["status"] == by_course[failed]["status"] == "validated"

    def test_scores_equal_a_recomputation_from_the_recorded_answers_and_versions(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        _, course_id = self.seat(ledger, session_id, "Dupont")
        self.answer(ledger, course_id, lambda n, code: n % 4 != 0)
        (recorded,) = self.finalize(ledger, session_id, {})
        again = replayed(ledger, course_id)
        assert isinstance(again, V2CertificationCourse)
        assert v2_result_record(again, ledger.bank) == recorded
        assert again.results == [recorded]
        rescored = ledger.score_certification_course(course_id, at=at(6000), actor=SYSTEM)
        assert rescored == recorded
        assert recorded["algorithm"] == {"name": "v2-scoring", "version": 1}
        assert recorded["scoring_configuration"] == {
            "max_reachable_level": ledger.framework.max_reachable_level,
            "challenges_per_competence": 3,
        }
        rows = ledger.session_results(session_id)
        assert rows[0].reproducibility_rate == recorded["reproducibility_rate"]
        assert rows[0].pix_score == recorded["pix_score"]

    @pytest.mark.parametrize(
        ("pattern", "rate", "status", "marks"),
        [
            # F20: every answer right keeps every profile level and pix.
            ("ooo", 100, "validated", lambda level, pix: (level, pix)),
            # F21: every answer wrong uncertifies every competence.
            ("kkk", 0, "rejected", lambda level, pix: (-1, 0)),
            # F25: ok, ok, ko on each competence (RR 67 < 70) takes a level and 8 pix off.
            ("ook", 67, "validated", lambda level, pix: (level - 1, pix - 8)),
        ],
    )
    def test_the_spec_vectors_hold_for_a_whole_test(
        self,
        ledger: CertificationLedger,
        pattern: str,
        rate: int,
        status: str,
        marks: Callable[[int, int], tuple[int, int]],
    ) -> None:
        session_id = self.new_session(ledger)
        _, course_id = self.seat(ledger, session_id, "Dupont")
        course = self.v2_course(ledger, course_id)
        assert len(course.questions) == 3 * len(LEVELS)
        self.answer(ledger, course_id, lambda n, code: pattern[n % 3] == "o")
        (result,) = self.finalize(ledger, session_id, {})
        assert (result["reproducibility_rate"], result["status"]) == (rate, status)
        cap = ledger.framework.max_reachable_level
        expected = [
            (min(level, cap), min(pix, cap * 8))
            for level, pix in (marks(c["estimated_level"], c["pix_score"]) for c in course.profile)
        ]
        assert [(m["level"], m["score"]) for m in result["competence_marks"]] == expected

    def test_the_f22_vector_uncertifies_only_the_competence_answered_all_wrong(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        _, course_id = self.seat(ledger, session_id, "Dupont")
        self.answer(ledger, course_id, lambda n, code: code != "4.1")
        (result,) = self.finalize(ledger, session_id, {})
        assert result["reproducibility_rate"] == 83  # 15 of 18
        marks = {m["competence_id"]: m for m in result["competence_marks"]}
        assert (marks["4.1"]["level"], marks["4.1"]["score"]) == (-1, 0)
        assert all(m["level"] >= 1 for code, m in marks.items() if code != "4.1")
