"""Commands of a running certification course: serve, answer, live alerts, end, score."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import numpy as np

from domain.actors import Actor
from domain.bank.answers import check_given_answer
from domain.certification.course import CertificationCourse
from domain.certification.courses import course_id_for, course_result, new_course, serve_v2
from domain.certification.delivery import FoldedTest, choose_next
from domain.certification.errors import (
    CertificationTestEndedError,
    CertificationTimeLimitExceededError,
    ChallengeAlreadyAnsweredError,
    CourseNotFoundError,
    LiveAlertSubcategoryError,
    NoOngoingLiveAlertError,
)
from domain.certification.incidents import (
    CATEGORIES,
    IN_CHALLENGE_SUBCATEGORIES,
    subcategory_names,
)
from domain.certification.lookups import CertificationLookups
from domain.certification.v2_course import V2CertificationCourse
from domain.errors import ChallengeNotCurrentError
from domain.ledger_base import retried_after_lost_race
from domain.live_aggregates import LiveEntry
from domain.scoring.configuration import V3ScoringConfiguration

LIVE_ALERT_SUBCATEGORIES = frozenset(s.name for s in IN_CHALLENGE_SUBCATEGORIES)
COURSE = "certification course"


@dataclass(frozen=True, slots=True)
class CourseProgress:
    """Where a course stands after a command: what the candidate's next screen needs.

    A copy taken while the command held the course, so a reply never reads a live course that
    another command may be changing.
    """

    course_id: UUID
    state: str
    answered: int
    current_challenge_id: str | None

    @classmethod
    def of(cls, course: CertificationCourse) -> CourseProgress:
        """The progress of ``course`` as it is now."""
        return cls(course.id, course.state, len(course.answers), course.current_challenge_id)


class CourseCommands(CertificationLookups):
    """The test as the candidate and the invigilator drive it (v3, or v2 where it differs)."""

    def begin_course(self, **fields: Any) -> UUID:
        """Create and save a course on its own (or return the existing one: entering resumes).

        ``fields`` are ``courses.new_course``'s (a v3 course unless ``v2_draw`` is given).
        Candidates normally get theirs through ``enter_session``, which saves the course with
        the session's changes.
        """
        course_id = course_id_for(fields["session_id"], fields["user_id"])
        if not self._exists(course_id):
            self._save(new_course(self.framework, self.bank, **fields))
        return course_id

    def current_question(
        self, course_id: UUID, *, at: datetime, actor: Actor, rng: np.random.Generator
    ) -> str | None:
        """The question awaiting an answer, serving the next one if needed; None once ended.

        Asking twice returns the same question: a question is served once, whatever the
        client retries. Reaching the test length or an empty pool completes the course.
        """
        return self.serve_question(course_id, at=at, actor=actor, rng=rng).current_challenge_id

    @retried_after_lost_race
    def serve_question(
        self,
        course_id: UUID,
        *,
        at: datetime,
        actor: Actor,
        rng: np.random.Generator,
        check: Callable[[CertificationCourse], None] | None = None,
    ) -> CourseProgress:
        """``current_question``, returning where the course stands (one save at most).

        ``check`` sees the course before anything happens and raises to refuse (the API
        checks ownership there instead of loading the course a second time). The course is
        live (ADR 1500): kept in the process between commands, not read again.
        """
        with self._live(course_id, CertificationCourse, CourseNotFoundError, COURSE) as live:
            course = live.aggregate
            if check is not None:
                check(course)
            self._running(course_id, at, course)
            self._serve_next(live, at, actor, rng)
            self._save_changes(course)
            return CourseProgress.of(course)

    @retried_after_lost_race
    def answer_question(
        self,
        course_id: UUID,
        challenge_id: str,
        value: str,
        *,
        at: datetime,
        actor: Actor,
        focused_out: bool = False,
    ) -> str:
        """Check and record the answer to the current question; return its status.

        Sending the same answer again (after a lost response) returns the recorded status and
        records nothing. Answers after the time limit are refused.
        """
        with self._live(course_id, CertificationCourse, CourseNotFoundError, COURSE) as live:
            course = live.aggregate
            status = self._answer(course, challenge_id, value, at, actor, focused_out)
            self._save_changes(course)
            return status

    @retried_after_lost_race
    def answer_and_continue(
        self,
        course_id: UUID,
        challenge_id: str,
        value: str,
        *,
        at: datetime,
        actor: Actor,
        rng: np.random.Generator,
        focused_out: bool = False,
        check: Callable[[CertificationCourse], None] | None = None,
    ) -> tuple[str, CourseProgress]:
        """Answer, then serve the next question at once; return the status and the progress.

        One transaction for both: the client saves a round trip per question, and the next
        question's timer starts now, when the client would have asked for it anyway.
        ``check`` may refuse the command on the course, as in ``serve_question``. The course
        and its adaptive test are live (ADR 1500): no read, no copy, no replay per answer.
        """
        with self._live(course_id, CertificationCourse, CourseNotFoundError, COURSE) as live:
            course = live.aggregate
            if check is not None:
                check(course)
            status = self._answer(course, challenge_id, value, at, actor, focused_out)
            if not course.is_ended:
                self._serve_next(live, at, actor, rng)
            self._save_changes(course)
            return status, CourseProgress.of(course)

    def _answer(
        self,
        course: CertificationCourse,
        challenge_id: str,
        value: str,
        at: datetime,
        actor: Actor,
        focused_out: bool,
    ) -> str:
        """Check the answer and record it on ``course`` (unsaved); a repeat records nothing."""
        last = course.last_answer
        if last is not None and last[0] == challenge_id and last[1] == value:
            return last[2]
        self._running(course.id, at, course)
        if challenge_id != course.current_challenge_id:
            raise ChallengeNotCurrentError(
                f"question {challenge_id} is not the current one "
                f"({course.current_challenge_id or 'none is being served'})"
            )
        challenge = self._challenge(challenge_id)
        served_at = course.current_served_at
        assert served_at is not None
        checked = check_given_answer(
            challenge,
            value,
            served_at=served_at,
            answered_at=at,
            extra_time_ratio=course.extra_time_ratio,
            focused_out=focused_out,
            certification=True,
        )
        course._answer(
            challenge_id, value, checked.status, at, checked.seconds, actor.id, actor.role
        )
        if course.reached_its_length():
            course._complete("all_answered", at, actor.id, actor.role)
        return checked.status

    def _serve_next(
        self,
        live: LiveEntry[CertificationCourse],
        at: datetime,
        actor: Actor,
        rng: np.random.Generator,
    ) -> str | None:
        """The awaiting question, or serve the next one on the course (unsaved); None if done.

        The v3 engine's state is the live course's companion (``FoldedTest``).
        """
        course = live.aggregate
        if course.current_challenge_id is not None:
            return course.current_challenge_id
        if isinstance(course, V2CertificationCourse):
            return serve_v2(course, at, actor)
        if live.companion is None:
            live.companion = FoldedTest()
        choice = choose_next(course, self.bank, rng, live.companion)
        if choice is None:
            course._complete("no_question_left", at, actor.id, actor.role)
            return None
        course._serve(
            choice.challenge_id,
            choice.capacity,
            list(choice.candidate_ids),
            list(choice.draws),
            choice.rank,
            at,
            actor.id,
            actor.role,
        )
        return choice.challenge_id

    def _save_changes(self, course: CertificationCourse) -> None:
        """Save the course if a command changed it (a repeated request changes nothing)."""
        if course.pending_events:
            self._save(course)

    def raise_live_alert(
        self, course_id: UUID, challenge_id: str, *, at: datetime, actor: Actor
    ) -> None:
        """The candidate signals a problem on the current question (no-op if already raised)."""
        course = self._running(course_id, at)
        if any(a[0] == challenge_id for a in course.answers):
            raise ChallengeAlreadyAnsweredError("La question a déjà été répondue.")
        if challenge_id != course.current_challenge_id:
            raise ChallengeNotCurrentError(f"question {challenge_id} is not the current one")
        if course.ongoing_alert == challenge_id:
            return
        course._raise_alert(challenge_id, at, actor.id, actor.role)
        self._save(course)

    def dismiss_live_alert(self, course_id: UUID, *, at: datetime, actor: Actor) -> None:
        """The invigilator dismisses the ongoing alert; the same question goes on."""
        course = self.get_course(course_id)
        if course.ongoing_alert is None:
            raise NoOngoingLiveAlertError("There is no ongoing alert for this user")
        course._dismiss_alert(course.ongoing_alert, at, actor.id, actor.role)
        self._save(course)

    def validate_live_alert(
        self, course_id: UUID, subcategory: str, *, at: datetime, actor: Actor
    ) -> None:
        """The invigilator validates the alert: the question and its skill leave the test."""
        if subcategory not in LIVE_ALERT_SUBCATEGORIES:
            raise LiveAlertSubcategoryError(
                f"subcategory must be one of {subcategory_names(CATEGORIES['IN_CHALLENGE'])}"
            )
        course = self.get_course(course_id)
        if course.ongoing_alert is None:
            raise NoOngoingLiveAlertError("There is no ongoing alert for this user")
        course._validate_alert(course.ongoing_alert, subcategory, at, actor.id, actor.role)
        self._save(course)

    def raise_companion_alert(self, course_id: UUID, *, at: datetime, actor: Actor) -> None:
        """The browser extension reports the candidate left the locked-down browser."""
        course = self.get_course(course_id)
        if not course.companion_alert_ongoing:
            course._raise_companion_alert(at, actor.id, actor.role)
            self._save(course)

    def clear_companion_alert(self, course_id: UUID, *, at: datetime, actor: Actor) -> None:
        """The invigilator confirms the extension is active again."""
        course = self.get_course(course_id)
        if course.companion_alert_ongoing:
            course._clear_companion_alert(at, actor.id, actor.role)
            self._save(course)

    def end_course_by_invigilator(self, course_id: UUID, *, at: datetime, actor: Actor) -> None:
        """The invigilator ends an unfinished test."""
        course = self.get_course(course_id)
        if course.is_ended:
            raise CertificationTestEndedError(f"the test already ended ({course.state})")
        course._end_by_invigilator(at, actor.id, actor.role)
        self._save(course)

    def score_certification_course(
        self,
        course_id: UUID,
        *,
        at: datetime,
        actor: Actor,
        scoring: V3ScoringConfiguration | None = None,
    ) -> dict[str, Any]:
        """Score the course from its recorded answers and record the result; return it."""
        course = self.get_course(course_id)
        record = course_result(course, self.bank, scoring)
        course._score(record, at, actor.id, actor.role)
        self._save(course)
        return record

    def _running(
        self, course_id: UUID, at: datetime, course: CertificationCourse | None = None
    ) -> CertificationCourse:
        course = course or self.get_course(course_id)
        if course.is_ended:
            raise CertificationTestEndedError(f"the test has ended ({course.state})")
        if at > course.deadline:
            raise CertificationTimeLimitExceededError(
                f"the time allowed ended at {course.deadline.isoformat()}"
            )
        return course
