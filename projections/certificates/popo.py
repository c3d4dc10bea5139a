"""In-memory certificates view (tests and ``memory://``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.base import Change
from projections.certificates.rows import (
    CandidateRow,
    CourseRow,
    SessionRow,
    ShareLinkRow,
    dump,
)
from projections.certificates.view import CertificateStore, CertificatesView


@dataclass
class _Tables(CertificateStore):
    sessions_by_id: dict[UUID, SessionRow] = field(default_factory=dict)
    candidates: dict[UUID, CandidateRow] = field(default_factory=dict)
    courses: dict[UUID, CourseRow] = field(default_factory=dict)
    revoked_set: set[int] = field(default_factory=set)
    links: dict[UUID, ShareLinkRow] = field(default_factory=dict)

    def copy(self) -> _Tables:
        # Rows are frozen: copying the dicts is enough to apply a batch all or nothing.
        return _Tables(
            dict(self.sessions_by_id),
            dict(self.candidates),
            dict(self.courses),
            set(self.revoked_set),
            dict(self.links),
        )

    def session(self, session_id: UUID) -> SessionRow | None:
        return self.sessions_by_id.get(session_id)

    def put_session(self, row: SessionRow) -> None:
        self.sessions_by_id[row.session_id] = row

    def sessions(self) -> list[SessionRow]:
        return sorted(self.sessions_by_id.values(), key=lambda r: str(r.session_id))

    def candidate(self, candidate_id: UUID) -> CandidateRow | None:
        return self.candidates.get(candidate_id)

    def put_candidate(self, row: CandidateRow) -> None:
        self.candidates[row.candidate_id] = row

    def course(self, course_id: UUID) -> CourseRow | None:
        return self.courses.get(course_id)

    def put_course(self, row: CourseRow) -> None:
        self.courses[row.course_id] = row

    def courses_where(self, column: str, value: str) -> list[CourseRow]:
        return sorted(
            (r for r in self.courses.values() if str(getattr(r, column)) == value),
            key=lambda r: str(r.course_id),
        )

    def max_seq(self) -> int | None:
        return max(
            (r.status_seq for r in self.courses.values() if r.status_seq is not None), default=None
        )

    def add_revoked(self, seq: int) -> None:
        self.revoked_set.add(seq)

    def revoked(self) -> list[int]:
        return sorted(self.revoked_set)

    def link(self, link_id: UUID) -> ShareLinkRow | None:
        return self.links.get(link_id)

    def put_link(self, row: ShareLinkRow) -> None:
        self.links[row.link_id] = row

    def links_where(self, column: str, value: str) -> list[ShareLinkRow]:
        return sorted(
            (r for r in self.links.values() if str(getattr(r, column)) == value),
            key=lambda r: str(r.link_id),
        )


class POPOCertificatesView(POPOTrackingRecorder, CertificatesView):
    """Dicts guarded by the recorder's lock, so rows and tracking move together."""

    def __init__(self) -> None:
        super().__init__()
        self._tables = _Tables()

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Fold the changes into a copy, then swap it in with the tracking, under one lock."""
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            tables = self._tables.copy()
            self.apply_to(tables, changes)
            self._insert_tracking(tracking)
            self._tables = tables

    def reset(self, application_name: str) -> None:
        """Forget every row and the tracking position."""
        with self._database_lock:
            self._tables = _Tables()
            self._max_tracking_ids.pop(application_name, None)

    @contextmanager
    def reader(self) -> Iterator[CertificateStore]:
        """The current tables (replaced, never mutated, by ``apply``)."""
        yield self._tables

    def dump_all(self) -> dict[str, list[str]]:
        """Every row of every table as JSON text, sorted."""
        t = self._tables
        return {
            "sessions": sorted(dump(r) for r in t.sessions_by_id.values()),
            "candidates": sorted(dump(r) for r in t.candidates.values()),
            "courses": sorted(dump(r) for r in t.courses.values()),
            "revoked": sorted(str(s) for s in t.revoked_set),
            "links": sorted(dump(r) for r in t.links.values()),
        }
