"""CertificationCourse: one candidate's v3 test in a session, question by question.

Events record every decision made outside them: the candidates ranked, the random draws and
the rank picked for each served question, the checked status of each answer, and the scoring
result with its algorithm and configuration. Replaying the stream never draws or scores.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE

COURSE_STATES = ("started", "completed", "endedByInvigilator", "endedDueToFinalization")


class CertificationCourse(Aggregate):
    """A candidate's test: served challenges, answers, live alerts, its end and its results.

    Invariants: one challenge awaits an answer at a time; answers only to that challenge;
    nothing is served or answered once the course has ended; at most one live alert is ongoing.
    """

    # Not ``version``: the library uses that name for the aggregate's event count.
    certification_version: ClassVar[int] = 3

    class Started(Aggregate.Created):
        """A reconciled, authorised candidate entered the test with the session's access code."""

        session_id: UUID
        candidate_id: UUID
        user_id: UUID
        framework_key: str
        bank_key: str
        locale: str
        accessibility_adjusted: bool
        extra_time_ratio: float
        time_limit_seconds: int
        configuration: dict[str, Any]
        algorithm: dict[str, Any]
        verification_code: str
        started_at: datetime
        actor_id: str
        actor_role: str

    class ChallengeServed(Aggregate.Event):
        """A question was served: the ranked candidates, the draws and the rank picked."""

        challenge_id: str
        capacity: float
        candidate_ids: list[str]
        draws: list[float]
        rank: int
        served_at: datetime
        actor_id: str
        actor_role: str

    class AnswerRecorded(Aggregate.Event):
        """The candidate answered the current question; ``status`` is the examiner's verdict."""

        challenge_id: str
        value: str
        status: str
        answered_at: datetime
        time_spent_seconds: int
        actor_id: str
        actor_role: str

    class LiveAlertRaised(Aggregate.Event):
        """The candidate signalled a problem on the current question."""

        challenge_id: str
        raised_at: datetime
        actor_id: str
        actor_role: str

    class LiveAlertDismissed(Aggregate.Event):
        """The invigilator dismissed the alert: the candidate goes on with the same question."""

        challenge_id: str
        dismissed_at: datetime
        actor_id: str
        actor_role: str

    class LiveAlertValidated(Aggregate.Event):
        """The invigilator validated the alert: the question and its skill leave the test."""

        challenge_id: str
        subcategory: str
        validated_at: datetime
        actor_id: str
        actor_role: str

    class CompanionAlertRaised(Aggregate.Event):
        """The browser extension reported that the candidate left the locked-down browser."""

        raised_at: datetime
        actor_id: str
        actor_role: str

    class CompanionAlertCleared(Aggregate.Event):
        """The invigilator confirmed the extension is active again."""

        cleared_at: datetime
        actor_id: str
        actor_role: str

    class Completed(Aggregate.Event):
        """The test ended normally: every question answered, none left, or time up."""

        reason: str
        completed_at: datetime
        actor_id: str
        actor_role: str

    class EndedByInvigilator(Aggregate.Event):
        """The invigilator ended the test; finalisation must give an abort reason."""

        ended_at: datetime
        actor_id: str
        actor_role: str

    class EndedDueToFinalization(Aggregate.Event):
        """The session was finalised while the test was unfinished; the abort reason given."""

        abort_reason: str
        ended_at: datetime
        actor_id: str
        actor_role: str

    class Scored(Aggregate.Event):
        """A result: status, pix score, capacity, meshes, marks, and how it was computed."""

        result: dict[str, Any]
        scored_at: datetime
        actor_id: str
        actor_role: str

    # The library passes create_id only the parameters it names, so they are named here.
    @staticmethod
    def create_id(session_id: UUID, user_id: UUID) -> UUID:
        """Natural key: one course per candidate user and session (entering again resumes)."""
        return uuid5(NAMESPACE, f"certification-course/{session_id}/{user_id}")

    @event(Started)
    def __init__(
        self,
        *,
        session_id: UUID,
        candidate_id: UUID,
        user_id: UUID,
        framework_key: str,
        bank_key: str,
        locale: str,
        accessibility_adjusted: bool,
        extra_time_ratio: float,
        time_limit_seconds: int,
        configuration: dict[str, Any],
        algorithm: dict[str, Any],
        verification_code: str,
        started_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.session_id = session_id
        self.candidate_id = candidate_id
        self.user_id = user_id
        self.framework_key = framework_key
        self.bank_key = bank_key
        self.locale = locale
        self.accessibility_adjusted = accessibility_adjusted
        self.extra_time_ratio = extra_time_ratio
        self.time_limit_seconds = time_limit_seconds
        self.configuration = dict(configuration)
        self.algorithm = dict(algorithm)
        self.verification_code = verification_code
        self.started_at = started_at
        self.served: list[str] = []
        self.answers: list[tuple[str, str, str]] = []
        self.current_challenge_id: str | None = None
        self.current_served_at: datetime | None = None
        self.ongoing_alert: str | None = None
        self.validated_alerts: list[str] = []
        self.companion_alert_ongoing = False
        self.state = "started"
        self.ended_at: datetime | None = None
        self.abort_reason: str | None = None
        self.results: list[dict[str, Any]] = []

    @property
    def deadline(self) -> datetime:
        """When answers stop being accepted: start + time limit (extra time included)."""
        return self.started_at + timedelta(seconds=self.time_limit_seconds)

    @property
    def is_ended(self) -> bool:
        """Whether the test is over (nothing more can be served or answered)."""
        return self.state != "started"

    def reached_its_length(self) -> bool:
        """Whether the answers reached the recorded test length (the test is then complete)."""
        return len(self.answers) >= int(self.configuration["maximum_assessment_length"])

    @property
    def last_answer(self) -> tuple[str, str, str] | None:
        """(challenge id, value, status) of the latest answer, if any."""
        return self.answers[-1] if self.answers else None

    @event(ChallengeServed)
    def _serve(
        self,
        challenge_id: str,
        capacity: float,
        candidate_ids: list[str],
        draws: list[float],
        rank: int,
        served_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self._begin_question(challenge_id, served_at)

    @event(AnswerRecorded)
    def _answer(
        self,
        challenge_id: str,
        value: str,
        status: str,
        answered_at: datetime,
        time_spent_seconds: int,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if challenge_id != self.current_challenge_id or self.is_ended:
            raise ValueError("answer to a question that is not the current one")
        self.answers.append((challenge_id, value, status))
        self.current_challenge_id = None
        self.current_served_at = None
        self.ongoing_alert = None

    @event(LiveAlertRaised)
    def _raise_alert(
        self, challenge_id: str, raised_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.ongoing_alert = challenge_id

    @event(LiveAlertDismissed)
    def _dismiss_alert(
        self, challenge_id: str, dismissed_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.ongoing_alert = None

    @event(LiveAlertValidated)
    def _validate_alert(
        self,
        challenge_id: str,
        subcategory: str,
        validated_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.ongoing_alert = None
        self.validated_alerts.append(challenge_id)
        if self.current_challenge_id == challenge_id:
            self.current_challenge_id = None
            self.current_served_at = None

    @event(CompanionAlertRaised)
    def _raise_companion_alert(self, raised_at: datetime, actor_id: str, actor_role: str) -> None:
        self.companion_alert_ongoing = True

    @event(CompanionAlertCleared)
    def _clear_companion_alert(self, cleared_at: datetime, actor_id: str, actor_role: str) -> None:
        self.companion_alert_ongoing = False

    @event(Completed)
    def _complete(
        self, reason: str, completed_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self._end("completed", completed_at)

    @event(EndedByInvigilator)
    def _end_by_invigilator(self, ended_at: datetime, actor_id: str, actor_role: str) -> None:
        self._end("endedByInvigilator", ended_at)

    @event(EndedDueToFinalization)
    def _end_due_to_finalization(
        self, abort_reason: str, ended_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.abort_reason = abort_reason
        if self.state == "started":
            self._end("endedDueToFinalization", ended_at)

    @event(Scored)
    def _score(
        self, result: dict[str, Any], scored_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.results.append(dict(result))

    def _begin_question(self, challenge_id: str, served_at: datetime) -> None:
        if self.is_ended or self.current_challenge_id is not None:
            raise ValueError("cannot serve: ended or a question awaits an answer")
        self.served.append(challenge_id)
        self.current_challenge_id = challenge_id
        self.current_served_at = served_at

    def _end(self, state: str, at: datetime) -> None:
        self.state = state
        self.ended_at = at
        self.current_challenge_id = None
        self.current_served_at = None
