"""Publication (single and batch), unpublication, and the session-level jury actions.

Publication follows §5.3: the session exists, is finalised, is not published, and every course
has a latest result whose status is neither ``error`` nor missing. Publishing also records the
result notifications to send (the outbox, §5.5): one per distinct result recipient among the
candidates who started a course, sealed with that candidate's key.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.actors import Actor
from domain.certification.session import CertificationSession
from domain.errors import LedgerError
from jury.auto_jury import AutoJuryCommands
from jury.commands import ALREADY_PUBLISHED, NOT_FINALISED
from jury.decisions import DECIDERS, BatchPublication, required_reason
from jury.deliberation import SessionDeliberation
from jury.errors import (
    CertificationCourseNotPublishableError,
    JurySessionNotFoundError,
    NotificationAlreadySentError,
    SessionAlreadyPublishedError,
    SessionNotFinalizedError,
    SessionNotPublishedError,
)

LINK_VALIDITY = timedelta(days=30)
"""«Ce lien est valable trente jours.»"""
PUBLISHERS = DECIDERS


class PublicationCommands(AutoJuryCommands):
    """Publish, unpublish, assign, comment and unfinalise sessions."""

    def _jury_session(self, session_id: UUID) -> CertificationSession:
        session = self._find(session_id, CertificationSession)
        if session is None:
            raise JurySessionNotFoundError("La session n'existe pas ou son accès est restreint")
        return session

    def _open_deliberation(
        self, session_id: UUID, at: datetime, actor: Actor
    ) -> tuple[CertificationSession, SessionDeliberation]:
        session = self._jury_session(session_id)
        if session.finalized_at is None:
            raise SessionNotFinalizedError(NOT_FINALISED)
        return session, self.deliberation_for(session, at, actor)

    def publish_session(self, session_id: UUID, *, at: datetime, actor: Actor) -> tuple[UUID, ...]:
        """Publish the session's results; returns the published course ids."""
        self._allowed(actor, PUBLISHERS, "publish a session")
        session, deliberation = self._open_deliberation(session_id, at, actor)
        if deliberation.published_at is not None:
            raise SessionAlreadyPublishedError(ALREADY_PUBLISHED)
        course_ids = tuple(session.candidates.course_ids())
        for course_id in course_ids:
            result = self.latest_result(self.get_course(course_id), self.find_case(course_id))
            if result is None or result.get("status") in (None, "error"):
                raise CertificationCourseNotPublishableError(
                    f"Publication de la session {session_id}: Une Certification avec le statut "
                    "'started' ou 'error' ne peut être publiée."
                )
        deliberation._publish(
            session_id=session_id, course_ids=course_ids, published_at=at, **actor.event_fields()
        )
        deliberation._request_notifications(
            session_id=session_id,
            recipients=self._recipients(session),
            link_expires_at=at + LINK_VALIDITY,
            requested_at=at,
            **actor.event_fields(),
        )
        self._save(deliberation)
        return course_ids

    def _recipients(self, session: CertificationSession) -> tuple[dict[str, str], ...]:
        """One sealed entry per distinct (lower-cased) result recipient who started a course."""
        vault = self._vault()
        seen: set[str] = set()
        out = []
        for candidate in session.candidates.started():
            sealed = candidate.sealed.get("result_recipient_email")
            if candidate.course_id is None or sealed is None:
                continue
            email = vault.unseal(sealed).strip().lower()
            if not email or email in seen or email.startswith("["):  # "[erased]"
                continue
            seen.add(email)
            out.append(
                {
                    "candidate_id": str(candidate.candidate_id),
                    "email": vault.seal(candidate.candidate_id, email),
                }
            )
        return tuple(out)

    def publish_sessions(
        self, session_ids: list[UUID], *, at: datetime, actor: Actor
    ) -> BatchPublication:
        """Publish each session in its own transaction; failures are collected, not raised."""
        published, failures = [], []
        for session_id in session_ids:
            try:
                self.publish_session(session_id, at=at, actor=actor)
                published.append(session_id)
            except LedgerError as error:
                failures.append(
                    {"session_id": str(session_id), "code": error.code, "detail": error.detail}
                )
        return BatchPublication(uuid4(), tuple(published), tuple(failures))

    def unpublish_session(
        self, session_id: UUID, *, reason: str | None, at: datetime, actor: Actor
    ) -> None:
        """Withdraw the results (certificates revoked); e-mails already sent stay sent."""
        self._allowed(actor, PUBLISHERS, "unpublish a session")
        text = required_reason(reason)
        _, deliberation = self._open_deliberation(session_id, at, actor)
        if deliberation.published_at is None:
            raise SessionNotPublishedError("the session is not published")
        deliberation._unpublish(
            session_id=session_id, reason=text, unpublished_at=at, **actor.event_fields()
        )
        self._save(deliberation)

    def assign_session(
        self, session_id: UUID, *, officer_name: str, at: datetime, actor: Actor
    ) -> None:
        """ "Assign to me": the session is now in process with this reviewer."""
        self._allowed(actor, DECIDERS, "take a session")
        _, deliberation = self._open_deliberation(session_id, at, actor)
        if deliberation.published_at is not None:
            raise SessionAlreadyPublishedError(ALREADY_PUBLISHED)
        deliberation._assign(
            session_id=session_id,
            officer_id=actor.id,
            officer_name=officer_name.strip()[:200] or actor.id,
            assigned_at=at,
            **actor.event_fields(),
        )
        self._save(deliberation)

    def comment_session(
        self, session_id: UUID, *, comment: str | None, at: datetime, actor: Actor
    ) -> None:
        """The jury's comment on the session; an empty one clears it; every version is kept."""
        self._allowed(actor, DECIDERS, "comment a session")
        text = (comment or "").strip()
        if len(text) > 2000:
            text = required_reason(text)  # raises with the limit
        _, deliberation = self._open_deliberation(session_id, at, actor)
        deliberation._comment(
            session_id=session_id, comment=text, commented_at=at, **actor.event_fields()
        )
        self._save(deliberation)

    def unfinalise_session(
        self, session_id: UUID, *, reason: str | None, at: datetime, actor: Actor
    ) -> None:
        """Send the session back to its centre, before publication (both records, one write)."""
        self._allowed(actor, DECIDERS, "unfinalise a session")
        text = required_reason(reason)
        session, deliberation = self._open_deliberation(session_id, at, actor)
        if deliberation.published_at is not None:
            raise SessionAlreadyPublishedError(ALREADY_PUBLISHED)
        session._unfinalize(text, at, actor.id, actor.role)
        deliberation._unfinalise(
            session_id=session_id, reason=text, unfinalised_at=at, **actor.event_fields()
        )
        self._save(session, deliberation)

    # -- result notifications (the outbox; sent by the worker in api.notifications) -------

    def notification_to_send(self, session_id: UUID, notification_id: str) -> dict[str, Any] | None:
        """A notification still to send, with its recipient unsealed; None once sent or gone."""
        deliberation = self.find_deliberation(session_id)
        found = deliberation.notifications.get(notification_id) if deliberation else None
        if found is None or found["status"] == "sent":
            return None
        session = self.get_session(session_id)
        return {
            **found,
            "email": self._vault().unseal(found["email"]),
            "session_date": session.details["date"],
            "centre_name": session.centre_name,
        }

    def record_notification_sent(
        self, session_id: UUID, notification_id: str, *, message_id: str, at: datetime,
        actor: Actor,
    ) -> None:  # fmt: skip
        """The worker sent it (a concurrent worker's record wins: the store refuses the second)."""
        deliberation = self._sendable(session_id, notification_id)
        deliberation._notification_sent(
            session_id=session_id, notification_id=notification_id, message_id=message_id,
            sent_at=at, **actor.event_fields(),
        )  # fmt: skip
        self._save(deliberation)

    def record_notification_failed(
        self, session_id: UUID, notification_id: str, *, error: str, at: datetime, actor: Actor
    ) -> None:
        """Sending failed; the attempt is counted and the error kept for the jury."""
        deliberation = self._sendable(session_id, notification_id)
        attempt = int(deliberation.notifications[notification_id]["attempts"]) + 1
        deliberation._notification_failed(
            session_id=session_id, notification_id=notification_id, error=error[:500],
            attempt=attempt, failed_at=at, **actor.event_fields(),
        )  # fmt: skip
        self._save(deliberation)

    def _sendable(self, session_id: UUID, notification_id: str) -> SessionDeliberation:
        deliberation = self.find_deliberation(session_id)
        if deliberation is None or notification_id not in deliberation.notifications:
            raise JurySessionNotFoundError(f"no notification {notification_id} for {session_id}")
        if deliberation.notifications[notification_id]["status"] == "sent":
            raise NotificationAlreadySentError(f"notification {notification_id} was sent")
        return deliberation
