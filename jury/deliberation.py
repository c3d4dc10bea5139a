"""SessionDeliberation: the jury's work on one finalised session, up to publication.

One aggregate per session. Publication and unpublication are events here; consumers (the
certificates, the school-record and higher-education exports, the audit) read
``Published.course_ids`` and ``published_at`` and never infer publication otherwise.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE


class SessionDeliberation(Aggregate):
    """Assignment, comments, publication state of one session."""

    class Opened(Aggregate.Created):
        """The jury opened the session's deliberation (at finalisation or first action)."""

        session_id: UUID
        opened_at: datetime
        actor_id: str
        actor_role: str

    class Published(Aggregate.Event):
        """The session's results were published: its courses' certificates now exist."""

        session_id: UUID
        course_ids: tuple[UUID, ...]
        published_at: datetime
        actor_id: str
        actor_role: str

    class Unpublished(Aggregate.Event):
        """The session's results were withdrawn: its certificates are revoked."""

        session_id: UUID
        reason: str
        unpublished_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(session_id: UUID) -> UUID:
        """Natural key: one deliberation per session."""
        return uuid5(NAMESPACE, f"session-deliberation/{session_id}")

    @event(Opened)
    def __init__(
        self, *, session_id: UUID, opened_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.session_id = session_id
        self.published_at: datetime | None = None

    @event(Published)
    def _publish(
        self,
        *,
        session_id: UUID,
        course_ids: tuple[UUID, ...],
        published_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if self.published_at is not None:
            raise ValueError("already published")
        self.published_at = published_at

    @event(Unpublished)
    def _unpublish(
        self,
        *,
        session_id: UUID,
        reason: str,
        unpublished_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if self.published_at is None:
            raise ValueError("not published")
        self.published_at = None
