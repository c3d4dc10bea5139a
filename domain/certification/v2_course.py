"""V2CertificationCourse: a v2 test, drawn once at entry from the profile, then served in order.

The start event records everything the draw used and produced: the profile as of
reconciliation (certifiable competences with their uncapped level and pix), the directly
validated skills with their operative challenges in the locale, the challenges already
answered, every pick with its index, and the resulting list of questions. Replaying the
stream never reads the profile or draws again; ``replay_v2_test`` can re-derive the list from
the recorded inputs and indices alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.certification.course import CertificationCourse


class V2CertificationCourse(CertificationCourse):
    """A v2 course: a fixed list of questions, served in order, with the v3 course's rules.

    Invariants (beyond the course's): questions are served in the recorded order, each once; the
    unanswered ones are resolved once, at finalisation, as the abort reason says.
    """

    certification_version: ClassVar[int] = 2

    class Started(CertificationCourse.Started):
        """The candidate entered a v2 session: the test drawn from the profile, and how."""

        profile_at: datetime
        profile: list[dict[str, Any]]
        skills: dict[str, list[dict[str, Any]]]
        already_answered: list[str]
        picks: list[dict[str, Any]]
        questions: list[dict[str, str]]

    class QuestionServed(Aggregate.Event):
        """The next question of the list was served (``position`` counts from 1)."""

        challenge_id: str
        position: int
        served_at: datetime
        actor_id: str
        actor_role: str

    class UnansweredResolved(Aggregate.Event):
        """Finalisation's auto-jury: unanswered questions skipped (candidate) or neutralized."""

        abort_reason: str
        skipped: list[str]
        neutralized: list[str]
        resolved_at: datetime
        actor_id: str
        actor_role: str

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
        profile_at: datetime,
        profile: list[dict[str, Any]],
        skills: dict[str, list[dict[str, Any]]],
        already_answered: list[str],
        picks: list[dict[str, Any]],
        questions: list[dict[str, str]],
    ) -> None:
        # The library hands an event-decorated __init__ called this way its plain body, so the
        # course's state is set up once, by the one Started event of this class.
        super().__init__(
            session_id=session_id,
            candidate_id=candidate_id,
            user_id=user_id,
            framework_key=framework_key,
            bank_key=bank_key,
            locale=locale,
            accessibility_adjusted=accessibility_adjusted,
            extra_time_ratio=extra_time_ratio,
            time_limit_seconds=time_limit_seconds,
            configuration=configuration,
            algorithm=algorithm,
            verification_code=verification_code,
            started_at=started_at,
            actor_id=actor_id,
            actor_role=actor_role,
        )
        self.profile_at = profile_at
        self.profile = [dict(c) for c in profile]
        self.skills = {code: [dict(s) for s in listed] for code, listed in skills.items()}
        self.already_answered = list(already_answered)
        self.picks = [dict(p) for p in picks]
        self.questions = [dict(q) for q in questions]
        self.skipped: list[str] = []
        self.neutralized: list[str] = []

    def next_question(self) -> str | None:
        """The first question of the list never served, None when all were."""
        served = set(self.served)
        return next(
            (q["challenge_id"] for q in self.questions if q["challenge_id"] not in served), None
        )

    def unanswered(self) -> list[str]:
        """Questions of the list with no answer, leaving out those a validated alert removed."""
        answered = {a[0] for a in self.answers}
        removed = set(self.validated_alerts)
        return [
            q["challenge_id"]
            for q in self.questions
            if q["challenge_id"] not in answered and q["challenge_id"] not in removed
        ]

    def reached_its_length(self) -> bool:
        """Whether every question of the list was served and none awaits an answer."""
        return self.current_challenge_id is None and self.next_question() is None

    @event(QuestionServed)
    def _serve_next(
        self, challenge_id: str, position: int, served_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self._begin_question(challenge_id, served_at)

    @event(UnansweredResolved)
    def _resolve_unanswered(
        self,
        abort_reason: str,
        skipped: list[str],
        neutralized: list[str],
        resolved_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.skipped = list(skipped)
        self.neutralized = list(neutralized)
