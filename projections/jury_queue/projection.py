"""JuryQueueProjection: session, course, incident and jury events -> queue rows."""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from domain.accounts.account import Account
from domain.certification.course import CertificationCourse
from domain.certification.session import CertificationSession
from domain.certification.v2_course import V2CertificationCourse
from jury.case import JuryCase
from jury.deliberation import SessionDeliberation, notification_id
from projections.base import Change, LedgerProjection
from projections.jury_queue.view import DELETE, UPSERT, JuryQueueView

S = CertificationSession
D = SessionDeliberation


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class JuryQueueProjection(LedgerProjection[JuryQueueView]):
    """Keeps the queue's rows; counters are derived when read."""

    name = "jury_queue"
    topics = tuple(
        get_topic(cls)
        for cls in (
            S.Created, S.DetailsChanged, S.CandidateEntered, S.IssueReportAdded,
            S.IssueReportDeleted, S.Finalized, S.Unfinalized, CertificationCourse.Scored,
            V2CertificationCourse.Scored, JuryCase.ResultRecorded, JuryCase.IssueReportResolved,
            D.OfficerAssigned, D.CommentRecorded, D.Published, D.Unpublished, D.Unfinalised,
            D.ResultsNotificationRequested, D.ResultNotificationSent, D.ResultNotificationFailed,
            Account.RegistrationAttempted, Account.NoticeSent, Account.NoticeFailed,
        )
    )  # fmt: skip

    def changes_for(self, domain_event: Any) -> list[Change]:
        """One upsert or delete per event of interest; [] for the others."""
        e, sid = domain_event, str(domain_event.originator_id)
        if isinstance(e, S.Created):
            fields = {
                "centre_id": str(e.centre_id), "centre_name": e.centre_name, "date": e.date,
                "time": e.time, "version": e.version,
            }  # fmt: skip
            return [(UPSERT, "sessions", sid, fields)]
        if isinstance(e, S.DetailsChanged):
            return [(UPSERT, "sessions", sid, {"date": e.date, "time": e.time})]
        if isinstance(e, S.CandidateEntered):
            return [(UPSERT, "courses", str(e.course_id), {"session_id": sid})]
        if isinstance(e, S.IssueReportAdded):
            fields = {"session_id": sid, "course_id": str(e.course_id), "impactful": e.impactful}
            return [(UPSERT, "reports", str(e.report_id), fields)]
        if isinstance(e, S.IssueReportDeleted):
            return [(DELETE, "reports", str(e.report_id))]
        if isinstance(e, S.Finalized):
            fields = {
                "finalized_at": _when(e.finalized_at),
                "examiner_comment": bool(e.examiner_global_comment),
            }
            return [(UPSERT, "sessions", sid, fields)]
        if isinstance(e, S.Unfinalized):
            return [(UPSERT, "sessions", sid, {"finalized_at": None})]
        if isinstance(e, CertificationCourse.Scored):
            return [(UPSERT, "courses", sid, {"status": e.result.get("status")})]
        if isinstance(e, JuryCase.ResultRecorded):
            return [(UPSERT, "courses", str(e.course_id), {"status": e.result.get("status")})]
        if isinstance(e, JuryCase.IssueReportResolved):
            return [(UPSERT, "reports", str(e.report_id), {"resolved": True})]
        if isinstance(e, Account.RegistrationAttempted | Account.NoticeSent | Account.NoticeFailed):
            return _account_notice_changes(e, sid)
        return self._deliberation_changes(e)

    @staticmethod
    def _deliberation_changes(e: Any) -> list[Change]:
        key = str(getattr(e, "session_id", ""))
        if isinstance(e, D.OfficerAssigned):
            fields = {"officer_id": e.officer_id, "officer_name": e.officer_name}
            return [(UPSERT, "sessions", key, fields)]
        if isinstance(e, D.CommentRecorded):
            return [(UPSERT, "sessions", key, {"jury_comment": e.comment})]
        if isinstance(e, D.Published):
            return [(UPSERT, "sessions", key, {"published_at": _when(e.published_at)})]
        if isinstance(e, D.Unpublished):
            return [(UPSERT, "sessions", key, {"published_at": None})]
        if isinstance(e, D.Unfinalised):
            return [(UPSERT, "sessions", key, {"officer_id": None, "officer_name": None})]
        return _notification_changes(e, key)


def _notification_changes(e: Any, session_id: str) -> list[Change]:
    """The outbox: one row per notification, its delivery state from the worker's events."""
    if isinstance(e, D.ResultsNotificationRequested):
        rows: list[Change] = []
        for index in range(len(e.recipients)):
            nid = notification_id(e.originator_version, index)
            fields = {
                "session_id": session_id, "notification_id": nid, "status": "pending",
                "attempts": 0, "last_error": None, "requested_at": _when(e.requested_at),
                "link_expires_at": _when(e.link_expires_at),
            }  # fmt: skip
            rows.append((UPSERT, "notifications", f"{session_id}/{nid}", fields))
        return rows
    key = f"{session_id}/{getattr(e, 'notification_id', '')}"
    if isinstance(e, D.ResultNotificationSent):
        return [(UPSERT, "notifications", key, {"status": "sent", "sent_at": _when(e.sent_at)})]
    if isinstance(e, D.ResultNotificationFailed):
        fields = {
            "status": "failed", "attempts": e.attempt, "last_error": e.error,
            "failed_at": _when(e.failed_at),
        }  # fmt: skip
        return [(UPSERT, "notifications", key, fields)]
    return []


def _account_notice_changes(e: Any, account_id: str) -> list[Change]:
    """The same outbox for notices to an account's owner (ADR 1561), ``kind`` ``account``."""
    key = f"account/{account_id}/{e.notice_id}"
    if isinstance(e, Account.RegistrationAttempted):
        fields = {
            "kind": "account", "account_id": account_id, "notification_id": e.notice_id,
            "status": "pending", "attempts": 0, "last_error": None,
            "requested_at": _when(e.attempted_at),
        }  # fmt: skip
        return [(UPSERT, "notifications", key, fields)]
    if isinstance(e, Account.NoticeSent):
        return [(UPSERT, "notifications", key, {"status": "sent", "sent_at": _when(e.sent_at)})]
    fields = {
        "status": "failed", "attempts": e.attempt, "last_error": e.error,
        "failed_at": _when(e.failed_at),
    }  # fmt: skip
    return [(UPSERT, "notifications", key, fields)]
