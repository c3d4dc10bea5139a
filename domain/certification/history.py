"""CertificationHistory: when a user started each certification course (the 15-day rule)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE


class CertificationHistory(Aggregate):
    """One per user: the start of every certification course they sat, in any session."""

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

    @staticmethod
    def create_id(user_id: UUID) -> UUID:
        """Natural key: one history per user."""
        return uuid5(NAMESPACE, f"certification-history/{user_id}")

    @event(Opened)
    def __init__(self, *, user_id: UUID) -> None:
        self.user_id = user_id
        self.starts: list[datetime] = []

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
