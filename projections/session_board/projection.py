"""SessionBoardProjection: session, course and jury events to board documents (pure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.utils import get_topic

from domain.certification.board import plain
from domain.certification.course import CertificationCourse
from domain.certification.session import CertificationSession
from domain.certification.v2_course import V2CertificationCourse
from jury.case import JuryCase
from projections.base import Change, LedgerProjection
from projections.session_board.view import (
    ADD,
    CANDIDATE,
    COURSE,
    DELETE,
    INCIDENT,
    PUT,
    PUT_IF,
    SessionBoardView,
)

S, C, V2 = CertificationSession, CertificationCourse, V2CertificationCourse
SESSION_EVENTS = (
    "CandidateEnrolled",
    "CandidateRemoved",
    "CandidateReconciled",
    "CandidateAuthorized",
    "CandidateEntered",
    "IssueReportAdded",
    "IssueReportDeleted",
)
COURSE_EVENTS = (
    "Started",
    "AnswerRecorded",
    "LiveAlertRaised",
    "LiveAlertDismissed",
    "LiveAlertValidated",
    "CompanionAlertRaised",
    "CompanionAlertCleared",
    "Completed",
    "EndedByInvigilator",
    "EndedDueToFinalization",
    "Scored",
)


def _at(value: datetime) -> str:
    return value.isoformat()


def changes_for(event: Any) -> list[Change]:
    """Documents implied by one event; events of other aggregates imply nothing."""
    sid = event.originator_id
    if isinstance(event, S.CandidateEnrolled):
        # Enrolment order is the session's event order: the version orders within a session.
        doc = {
            "seq": event.originator_version,
            "sealed": dict(event.sealed),
            "options": plain(event.options),
            "user_id": None,
            "reconciled_at": None,
            "authorized_at": None,
            "course_id": None,
        }
        return [(PUT, CANDIDATE, event.candidate_id, sid, doc)]
    if isinstance(event, S.CandidateRemoved):
        return [(DELETE, CANDIDATE, event.candidate_id)]
    if isinstance(event, S.CandidateReconciled):
        fields = {"user_id": str(event.user_id), "reconciled_at": _at(event.reconciled_at)}
        return [(PUT, CANDIDATE, event.candidate_id, sid, fields)]
    if isinstance(event, S.CandidateAuthorized):
        fields = {"authorized_at": _at(event.authorized_at)}
        return [(PUT, CANDIDATE, event.candidate_id, sid, fields)]
    if isinstance(event, S.CandidateEntered):
        entered = {"authorized_at": None, "course_id": str(event.course_id)}
        return [(PUT, CANDIDATE, event.candidate_id, sid, entered)]
    if isinstance(event, S.IssueReportAdded):
        doc = {
            "seq": event.originator_version,
            "course_id": str(event.course_id),
            "category": event.category,
            "subcategory": event.subcategory,
            "description": event.description,
            "question_number": event.question_number,
            "impactful": event.impactful,
        }
        return [(PUT, INCIDENT, event.report_id, sid, doc)]
    if isinstance(event, S.IssueReportDeleted):
        return [(DELETE, INCIDENT, event.report_id)]
    return _course_changes(event) + _jury_changes(event)


def _course_changes(event: Any) -> list[Change]:
    cid = event.originator_id
    if isinstance(event, C.Started):
        doc = {
            "candidate_id": str(event.candidate_id),
            "version": 2 if isinstance(event, V2.Started) else 3,
            "state": "started",
            "answered": 0,
            "started_at": _at(event.started_at),
            "ongoing_alert": None,
            "companion_alert": False,
            "result": None,
        }
        return [(PUT, COURSE, cid, event.session_id, doc)]
    if isinstance(event, C.AnswerRecorded):
        return [
            (ADD, COURSE, cid, "answered", 1),
            (PUT, COURSE, cid, None, {"ongoing_alert": None}),
        ]
    if isinstance(event, C.LiveAlertRaised):
        return [(PUT, COURSE, cid, None, {"ongoing_alert": event.challenge_id})]
    if isinstance(event, C.LiveAlertDismissed | C.LiveAlertValidated):
        return [(PUT, COURSE, cid, None, {"ongoing_alert": None})]
    if isinstance(event, C.CompanionAlertRaised):
        return [(PUT, COURSE, cid, None, {"companion_alert": True})]
    if isinstance(event, C.CompanionAlertCleared):
        return [(PUT, COURSE, cid, None, {"companion_alert": False})]
    if isinstance(event, C.Completed):
        return [(PUT, COURSE, cid, None, {"state": "completed"})]
    if isinstance(event, C.EndedByInvigilator):
        return [(PUT, COURSE, cid, None, {"state": "endedByInvigilator"})]
    if isinstance(event, C.EndedDueToFinalization):
        # As the course does: only a test still running changes state.
        return [(PUT_IF, COURSE, cid, "state", "started", {"state": "endedDueToFinalization"})]
    if isinstance(event, C.Scored):
        return [(PUT, COURSE, cid, None, {"result": plain(event.result)})]
    return []


def _jury_changes(event: Any) -> list[Change]:
    if isinstance(event, JuryCase.ResultRecorded):
        return [(PUT, COURSE, event.course_id, event.session_id, {"result": plain(event.result)})]
    return []


class SessionBoardProjection(LedgerProjection[SessionBoardView]):
    """Keeps each session's board up to date from session, course and jury events."""

    name = "session_board"
    # A v2 course's events are the library's subclasses of the v3 ones, with their own topics.
    topics = tuple(
        [get_topic(getattr(S, name)) for name in SESSION_EVENTS]
        + [get_topic(getattr(k, name)) for k in (C, V2) for name in COURSE_EVENTS]
        + [get_topic(JuryCase.ResultRecorded)]
    )

    def changes_for(self, domain_event: Any) -> list[Change]:
        """See the module function ``changes_for``."""
        return changes_for(domain_event)
