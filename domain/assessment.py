"""Assessment: a sequence of served challenges and recorded answers, for any kind of test.

Competence evaluations (positioning) and certification courses both run as assessments; the
algorithm that chooses the next challenge records its decision (name, version and random
draw) in ``ChallengeServed`` so that a replay needs no generator.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actors import RecordsActor
from domain.aggregate_copies import FlatState

ASSESSMENT_KINDS = ("COMPETENCE_EVALUATION", "CERTIFICATION", "CAMPAIGN", "DEMO")


class Assessment(FlatState, Aggregate):
    """A test taken by one subject; answers are accepted only for the challenge being served.

    Invariants: at most one challenge is awaiting an answer; a challenge is served at most once;
    nothing is served or answered once the assessment is completed.
    """

    class Started(RecordsActor, Aggregate.Created):
        """A subject started an assessment of ``kind`` on ``scope`` (competence code or "all")."""

        kind: str
        subject_id: UUID
        scope: str
        framework_key: str
        bank_key: str
        started_at: datetime
        actor_id: str
        actor_role: str

    class ChallengeServed(RecordsActor, Aggregate.Event):
        """A challenge was put to the subject; ``selection`` records how it was chosen."""

        challenge_id: str
        selection: dict[str, Any]
        served_at: datetime
        actor_id: str
        actor_role: str

    class AnswerRecorded(RecordsActor, Aggregate.Event):
        """The subject answered the current challenge; ``status`` is the checked result."""

        challenge_id: str
        value: str
        status: str
        answered_at: datetime
        time_spent_seconds: int
        actor_id: str
        actor_role: str

    class Completed(RecordsActor, Aggregate.Event):
        """The assessment ended; no more challenges or answers."""

        completed_at: datetime
        actor_id: str
        actor_role: str

    @event(Started)
    def __init__(
        self,
        *,
        kind: str,
        subject_id: UUID,
        scope: str,
        framework_key: str,
        bank_key: str,
        started_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.kind = kind
        self.subject_id = subject_id
        self.scope = scope
        self.framework_key = framework_key
        self.bank_key = bank_key
        self.started_at = started_at
        self.served: list[str] = []
        self.answers: list[tuple[str, str]] = []
        self.answer_values: dict[str, tuple[str, datetime]] = {}
        self.current_challenge_id: str | None = None
        self.current_served_at: datetime | None = None
        self.completed_at: datetime | None = None

    @property
    def is_completed(self) -> bool:
        """Whether the assessment has ended."""
        return self.completed_at is not None

    @event(ChallengeServed)
    def _serve(
        self,
        challenge_id: str,
        selection: dict[str, Any],
        served_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if self.is_completed or self.current_challenge_id is not None:
            raise ValueError("cannot serve: completed or awaiting an answer")
        self.served.append(challenge_id)
        self.current_challenge_id = challenge_id
        self.current_served_at = served_at

    @event(AnswerRecorded)
    def _record_answer(
        self,
        challenge_id: str,
        value: str,
        status: str,
        answered_at: datetime,
        time_spent_seconds: int,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if challenge_id != self.current_challenge_id:
            raise ValueError("answer to a challenge that is not the current one")
        self.answers.append((challenge_id, status))
        self.answer_values[challenge_id] = (value, answered_at)
        self.current_challenge_id = None
        self.current_served_at = None

    @event(Completed)
    def _complete(self, completed_at: datetime, actor_id: str, actor_role: str) -> None:
        if self.is_completed:
            raise ValueError("already completed")
        self.completed_at = completed_at
        self.current_challenge_id = None
