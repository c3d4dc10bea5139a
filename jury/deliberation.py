"""SessionDeliberation: the jury's work on one finalised session, up to publication.

One aggregate per session. Publication and unpublication are events here; consumers (the
certificates, the school-record and higher-education exports, the audit) read
``Published.course_ids`` and ``published_at`` and never infer publication otherwise.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE


def notification_id(request_version: int, index: int) -> str:
    """The id of the ``index``-th notification of the request recorded at ``request_version``."""
    return f"{request_version}/{index}"


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

    # -- added by issue 10 -------------------------------------------------------------------

    class AutoJuryCompleted(Aggregate.Event):
        """The auto-jury reviewed every course of the finalised session (``rule_version``)."""

        session_id: UUID
        course_ids: tuple[UUID, ...]
        rule_version: str
        completed_at: datetime
        actor_id: str
        actor_role: str

    class OfficerAssigned(Aggregate.Event):
        """A reviewer took the session ("assign to me"): it is now in process."""

        session_id: UUID
        officer_id: str
        officer_name: str
        assigned_at: datetime
        actor_id: str
        actor_role: str

    class CommentRecorded(Aggregate.Event):
        """The jury's comment on the session; every version is kept (empty text clears it)."""

        session_id: UUID
        comment: str
        commented_at: datetime
        actor_id: str
        actor_role: str

    class Unfinalised(Aggregate.Event):
        """The jury sent the session back to its centre (with the domain's ``Unfinalized``)."""

        session_id: UUID
        reason: str
        unfinalised_at: datetime
        actor_id: str
        actor_role: str

    class ResultsNotificationRequested(Aggregate.Event):
        """At publication: one result notification per distinct recipient (the outbox).

        ``recipients`` are sealed with each candidate's key; ``link_expires_at`` bounds the
        download link sent (30 days).
        """

        session_id: UUID
        recipients: tuple[dict[str, str], ...]
        link_expires_at: datetime
        requested_at: datetime
        actor_id: str
        actor_role: str

    class ResultNotificationSent(Aggregate.Event):
        """The notification ``notification_id`` (``<request version>/<index>``) was sent."""

        session_id: UUID
        notification_id: str
        message_id: str
        sent_at: datetime
        actor_id: str
        actor_role: str

    class ResultNotificationFailed(Aggregate.Event):
        """Sending failed (``attempt`` counts from 1); the worker retries later."""

        session_id: UUID
        notification_id: str
        error: str
        attempt: int
        failed_at: datetime
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
        self.published_course_ids: tuple[UUID, ...] = ()
        self.auto_jury_done = False
        self.officer: dict[str, Any] | None = None
        self.comments: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []
        self.notifications: dict[str, dict[str, Any]] = {}

    @property
    def comment(self) -> str | None:
        """The session's current jury comment, if any."""
        return self.comments[-1]["comment"] or None if self.comments else None

    @event(AutoJuryCompleted)
    def _complete_auto_jury(
        self,
        *,
        session_id: UUID,
        course_ids: tuple[UUID, ...],
        rule_version: str,
        completed_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.auto_jury_done = True
        self.history.append({"what": "auto_jury", "at": completed_at, "actor_id": actor_id})

    @event(OfficerAssigned)
    def _assign(
        self,
        *,
        session_id: UUID,
        officer_id: str,
        officer_name: str,
        assigned_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.officer = {"id": officer_id, "name": officer_name, "at": assigned_at}
        self.history.append({"what": "assigned", "at": assigned_at, "actor_id": actor_id})

    @event(CommentRecorded)
    def _comment(
        self,
        *,
        session_id: UUID,
        comment: str,
        commented_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.comments.append({"comment": comment, "at": commented_at, "actor_id": actor_id})

    @event(Unfinalised)
    def _unfinalise(
        self,
        *,
        session_id: UUID,
        reason: str,
        unfinalised_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if self.published_at is not None:
            raise ValueError("published")
        self.auto_jury_done = False
        self.history.append(
            {"what": "unfinalised", "at": unfinalised_at, "actor_id": actor_id, "reason": reason}
        )

    @event(ResultsNotificationRequested)
    def _request_notifications(
        self,
        *,
        session_id: UUID,
        recipients: tuple[dict[str, str], ...],
        link_expires_at: datetime,
        requested_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        # The request event's version (ours + 1 inside this body) and the recipient's position
        # name each notification; projections compute the same id from the stored event.
        for index, recipient in enumerate(recipients):
            self.notifications[notification_id(self.version + 1, index)] = {
                **recipient,
                "status": "pending",
                "attempts": 0,
                "last_error": None,
                "sent_at": None,
                "link_expires_at": link_expires_at,
            }

    @event(ResultNotificationSent)
    def _notification_sent(
        self,
        *,
        session_id: UUID,
        notification_id: str,
        message_id: str,
        sent_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.notifications[notification_id].update(status="sent", sent_at=sent_at)

    @event(ResultNotificationFailed)
    def _notification_failed(
        self,
        *,
        session_id: UUID,
        notification_id: str,
        error: str,
        attempt: int,
        failed_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.notifications[notification_id].update(
            status="failed", attempts=attempt, last_error=error
        )

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
        self.published_course_ids = tuple(course_ids)
        self.history.append({"what": "published", "at": published_at, "actor_id": actor_id})

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
        self.published_course_ids = ()
        self.history.append(
            {"what": "unpublished", "at": unpublished_at, "actor_id": actor_id, "reason": reason}
        )
