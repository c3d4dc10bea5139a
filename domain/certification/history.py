"""CertificationHistory: when a user started each certification course (the 15-day rule)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE


class CertificationHistory(Aggregate):
    """One per user: the candidate records they were linked to, and every course they started.

    The links let an erasure request reach the candidate records sealed under their own keys.
    """

    class Opened(Aggregate.Created):
        """The user's first certification course started."""

        user_id: UUID

    class SittingStarted(Aggregate.Event):
        """A course started; the next may start 15 days later at the earliest."""

        course_id: UUID
        session_id: UUID
        started_at: datetime
        actor_id: str
        actor_role: str

    class CandidateLinked(Aggregate.Event):
        """The user proved to be this enrolled candidate (their identity is sealed there)."""

        candidate_id: UUID
        session_id: UUID
        linked_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(user_id: UUID) -> UUID:
        """Natural key: one history per user."""
        return uuid5(NAMESPACE, f"certification-history/{user_id}")

    @event(Opened)
    def __init__(self, *, user_id: UUID) -> None:
        self.user_id = user_id
        self.starts: list[datetime] = []
        self.candidate_ids: list[UUID] = []
        self.session_ids: list[UUID] = []

    @event(SittingStarted)
    def _start(
        self,
        course_id: UUID,
        session_id: UUID,
        started_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.starts.append(started_at)

    @event(CandidateLinked)
    def _link(
        self,
        candidate_id: UUID,
        session_id: UUID,
        linked_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.candidate_ids.append(candidate_id)
        self.session_ids.append(session_id)
