"""The jury's work queue: finalised sessions with their counters (lifecycle §4.3, §5.1).

Three tables hold what events say (sessions, courses with their latest status, incident
reports with their resolution); the counters, the status and the publishable flag are
computed from them when read, so every backend answers the same from the same rows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from projections.base import BatchView

TABLES = ("sessions", "courses", "reports", "notifications")
UPSERT = "upsert"
DELETE = "delete"
Row = dict[str, Any]


@dataclass(frozen=True)
class QueueEntry:
    """One finalised session as the jury's queue shows it.

    ``status`` is ``processed`` once published, ``in_process`` once assigned, else
    ``finalized``. ``publishable`` is §4.3's current rule: no examiner comment, no impactful
    unresolved incident, no course in error or never scored, not assigned, not published.
    """

    session_id: str
    centre_id: str
    centre_name: str
    date: str
    time: str
    version: int
    finalized_at: str
    status: str
    started_certifications: int
    issue_reports: int
    impactful_issue_reports: int
    unresolved_impactful_issue_reports: int
    scoring_errors: int
    has_examiner_comment: bool
    publishable: bool
    published_at: str | None
    officer_id: str | None
    officer_name: str | None
    jury_comment: str | None


def entries(sessions: list[Row], courses: list[Row], reports: list[Row]) -> list[QueueEntry]:
    """Queue entries for the finalised sessions among ``sessions``, oldest finalisation first."""
    out = []
    for s in sessions:
        if not s.get("finalized_at"):
            continue
        sid = s["key"]
        mine = [c for c in courses if c.get("session_id") == sid]
        own_reports = [r for r in reports if r.get("session_id") == sid]
        impactful = [r for r in own_reports if r.get("impactful")]
        unresolved = [r for r in impactful if not r.get("resolved")]
        errors = [c for c in mine if c.get("status") in (None, "error")]
        published, officer = s.get("published_at"), s.get("officer_id")
        status = "processed" if published else "in_process" if officer else "finalized"
        commented = bool(s.get("examiner_comment"))
        out.append(
            QueueEntry(
                session_id=sid,
                centre_id=str(s.get("centre_id", "")),
                centre_name=str(s.get("centre_name", "")),
                date=str(s.get("date", "")),
                time=str(s.get("time", "")),
                version=int(s.get("version", 3)),
                finalized_at=str(s["finalized_at"]),
                status=status,
                started_certifications=len(mine),
                issue_reports=len(own_reports),
                impactful_issue_reports=len(impactful),
                unresolved_impactful_issue_reports=len(unresolved),
                scoring_errors=len(errors),
                has_examiner_comment=commented,
                publishable=not (commented or unresolved or errors or officer or published),
                published_at=published,
                officer_id=officer,
                officer_name=s.get("officer_name"),
                jury_comment=s.get("jury_comment") or None,
            )
        )
    return sorted(out, key=lambda e: (e.finalized_at, e.session_id))


def matching(
    found: list[QueueEntry],
    *,
    status: str | None = None,
    centre_id: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    publishable: bool | None = None,
) -> list[QueueEntry]:
    """The entries that pass every filter given (dates as ``YYYY-MM-DD``, inclusive)."""
    return [
        e
        for e in found
        if (status is None or e.status == status)
        and (centre_id is None or e.centre_id == centre_id)
        and (date_from is None or e.date >= date_from)
        and (date_to is None or e.date <= date_to)
        and (publishable is None or e.publishable == publishable)
    ]


class JuryQueueView(BatchView, ABC):
    """Rows by table and key, and the queue computed from them.

    Changes are ``(upsert, table, key, fields)`` (merged into the row) or
    ``(delete, table, key)``.
    """

    @abstractmethod
    def rows(self, table: str) -> list[Row]:
        """Every row of ``table``, each with its ``key``."""

    def list_sessions(self, **filters: Any) -> list[QueueEntry]:
        """The finalised sessions, filtered by status, centre, date range or publishability."""
        found = entries(self.rows("sessions"), self.rows("courses"), self.rows("reports"))
        return matching(found, **filters)

    def list_notifications(self, *, status: str | None = None) -> list[Row]:
        """The result notifications (the outbox), oldest request first; filter by status."""
        found = [r for r in self.rows("notifications") if status in (None, r.get("status"))]
        return sorted(found, key=lambda r: (str(r.get("requested_at")), r["key"]))

    def get_entry(self, session_id: str) -> QueueEntry | None:
        """One session's entry (None if not finalised)."""
        return next((e for e in self.list_sessions() if e.session_id == session_id), None)
