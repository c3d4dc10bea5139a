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


@dataclass(frozen=True)
class Counts:
    """Per session: courses, those in error or never scored, reports, impactful, unresolved."""

    courses: int = 0
    scoring_errors: int = 0
    reports: int = 0
    impactful: int = 0
    unresolved: int = 0


def counts_of(courses: list[Row], reports: list[Row]) -> dict[str, Counts]:
    """The counters from whole rows (the in-memory view; SQL views group in the database)."""
    found: dict[str, list[int]] = {}
    for c in courses:
        tally = found.setdefault(str(c.get("session_id")), [0, 0, 0, 0, 0])
        tally[0] += 1
        tally[1] += c.get("status") in (None, "error")
    for r in reports:
        tally = found.setdefault(str(r.get("session_id")), [0, 0, 0, 0, 0])
        tally[2] += 1
        tally[3] += bool(r.get("impactful"))
        tally[4] += bool(r.get("impactful")) and not r.get("resolved")
    return {sid: Counts(*tally) for sid, tally in found.items()}


def entries(sessions: list[Row], counts: dict[str, Counts]) -> list[QueueEntry]:
    """Queue entries for the finalised sessions among ``sessions``, oldest finalisation first."""
    out = []
    for s in sessions:
        if not s.get("finalized_at"):
            continue
        sid = s["key"]
        n = counts.get(sid, Counts())
        published, officer = s.get("published_at"), s.get("officer_id")
        status = "processed" if published else "in_process" if officer else "finalized"
        commented = bool(s.get("examiner_comment"))
        blocked = commented or n.unresolved or n.scoring_errors or officer or published
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
                started_certifications=n.courses,
                issue_reports=n.reports,
                impactful_issue_reports=n.impactful,
                unresolved_impactful_issue_reports=n.unresolved,
                scoring_errors=n.scoring_errors,
                has_examiner_comment=commented,
                publishable=not blocked,
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

    @abstractmethod
    def counts(self) -> dict[str, Counts]:
        """The course and report counters of every session (grouped where the data is)."""

    def list_sessions(self, **filters: Any) -> list[QueueEntry]:
        """The finalised sessions, filtered by status, centre, date range or publishability."""
        return matching(entries(self.rows("sessions"), self.counts()), **filters)

    def list_notifications(
        self, *, status: str | None = None, kind: str | None = None
    ) -> list[Row]:
        """The outbox, oldest request first; filter by status and ``kind``.

        ``result`` (result notifications, the jury's) or ``account`` (notices to an
        account's owner, ADR 1561); None lists both, for the worker.
        """
        found = [
            r
            for r in self.rows("notifications")
            if status in (None, r.get("status")) and kind in (None, r.get("kind", "result"))
        ]
        return sorted(found, key=lambda r: (str(r.get("requested_at")), r["key"]))

    def get_entry(self, session_id: str) -> QueueEntry | None:
        """One session's entry (None if not finalised)."""
        return next((e for e in self.list_sessions() if e.session_id == session_id), None)
