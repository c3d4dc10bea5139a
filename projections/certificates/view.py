"""The certificates view: changes, the fold every backend shares, and the queries.

Changes (tuples, first item the kind):
``(SESSION, SessionRow)``, ``(CANDIDATE, CandidateRow)``, ``(COURSE, CourseRow)``,
``(RESULT, course_id, result, recorded_at, (event_id, event_version))``,
``(PUBLISHED, session_id, course_ids, at)``,
``(UNPUBLISHED, session_id, at)``, ``(LINK, ShareLinkRow)``, ``(LINK_REVOKED, link_id, at)``.

A result or a publication changes a course's row depending on its current state (a validated
result after publication delivers it; a cancelled one revokes it), so the backends read the
row inside the batch's transaction and apply ``fold``, the one place these rules live.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from projections.base import BatchView, Change
from projections.certificates.rows import CandidateRow, CourseRow, SessionRow, ShareLinkRow

SESSION = "session"
CANDIDATE = "candidate"
COURSE = "course"
RESULT = "result"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"
LINK = "link"
LINK_REVOKED = "link_revoked"


class CertificateStore(ABC):
    """Row access inside one transaction (each backend adapts its cursor to this)."""

    @abstractmethod
    def session(self, session_id: UUID) -> SessionRow | None:
        """The session row, if any."""

    @abstractmethod
    def put_session(self, row: SessionRow) -> None:
        """Insert or replace a session row."""

    @abstractmethod
    def sessions(self) -> list[SessionRow]:
        """Every session row, by session id."""

    @abstractmethod
    def candidate(self, candidate_id: UUID) -> CandidateRow | None:
        """The candidate row, if any."""

    @abstractmethod
    def put_candidate(self, row: CandidateRow) -> None:
        """Insert or replace a candidate row."""

    @abstractmethod
    def course(self, course_id: UUID) -> CourseRow | None:
        """The course row, if any."""

    @abstractmethod
    def put_course(self, row: CourseRow) -> None:
        """Insert or replace a course row."""

    @abstractmethod
    def courses_where(self, column: str, value: str) -> list[CourseRow]:
        """Courses whose ``session_id``, ``user_id`` or ``code_digest`` is ``value``."""

    def course_in_context(
        self, column: str, value: str
    ) -> tuple[CourseRow, SessionRow | None, CandidateRow | None] | None:
        """The first of ``courses_where`` with its session and candidate (SQL: one query)."""
        rows = self.courses_where(column, value)
        if not rows:
            return None
        course = rows[0]
        return course, self.session(course.session_id), self.candidate(course.candidate_id)

    @abstractmethod
    def max_seq(self) -> int | None:
        """The highest status sequence number given so far."""

    @abstractmethod
    def add_revoked(self, seq: int) -> None:
        """Mark status sequence ``seq`` revoked (for good)."""

    @abstractmethod
    def revoked(self) -> list[int]:
        """Every revoked status sequence number, ascending."""

    @abstractmethod
    def link(self, link_id: UUID) -> ShareLinkRow | None:
        """The share link row, if any."""

    @abstractmethod
    def put_link(self, row: ShareLinkRow) -> None:
        """Insert or replace a share link row."""

    @abstractmethod
    def links_where(self, column: str, value: str) -> list[ShareLinkRow]:
        """Links whose ``course_id`` or ``token_digest`` is ``value``."""


def fold(store: CertificateStore, change: Change) -> None:
    """Apply one change to the rows in ``store`` (the rules of delivery and revocation)."""
    kind = change[0]
    if kind == SESSION:
        store.put_session(change[1])
    elif kind == CANDIDATE:
        store.put_candidate(change[1])
    elif kind == COURSE:
        store.put_course(change[1])
    elif kind == RESULT:
        _record_result(store, change[1], change[2], change[3], change[4])
    elif kind == PUBLISHED:
        _publish(store, change[1], change[2], change[3])
    elif kind == UNPUBLISHED:
        _unpublish(store, change[1], change[2])
    elif kind == LINK:
        store.put_link(change[1])
    elif kind == LINK_REVOKED:
        link = store.link(change[1])
        if link is not None:
            store.put_link(replace(link, revoked_at=change[2]))


def _record_result(
    store: CertificateStore,
    course_id: UUID,
    result: dict[str, Any],
    at: datetime,
    event: tuple[UUID, int],
) -> None:
    row = store.course(course_id)
    if row is None:
        return
    was_certificate = row.is_certificate
    row = replace(
        row, result=result, result_at=at, result_event_id=event[0], result_event_version=event[1]
    )
    if was_certificate and not row.is_validated:
        reason = "rejected" if result.get("status") == "rejected" else "cancelled"
        row = _revoke(store, row, at, reason)
    elif not was_certificate and row.is_validated and row.published_at is not None:
        row = _deliver(store, row, at)
    store.put_course(row)


def _publish(
    store: CertificateStore, session_id: UUID, course_ids: tuple[UUID, ...], at: datetime
) -> None:
    session = store.session(session_id)
    if session is not None:
        store.put_session(replace(session, published_at=at))
    for course_id in course_ids:
        row = store.course(course_id)
        if row is None:
            continue
        row = replace(row, published_at=at)
        if row.is_validated and not row.is_certificate:
            row = _deliver(store, row, at)
        store.put_course(row)


def _unpublish(store: CertificateStore, session_id: UUID, at: datetime) -> None:
    session = store.session(session_id)
    if session is not None:
        store.put_session(replace(session, published_at=None))
    for row in store.courses_where("session_id", str(session_id)):
        if row.published_at is None:
            continue
        if row.is_certificate:
            row = _revoke(store, row, at, "unpublished")
        store.put_course(replace(row, published_at=None))


def _deliver(store: CertificateStore, row: CourseRow, at: datetime) -> CourseRow:
    """A new delivery: a new status entry, so a revoked entry is never reused (bits only set)."""
    highest = store.max_seq()
    seq = 0 if highest is None else highest + 1
    return replace(row, delivered_at=at, status_seq=seq, revoked_at=None, revocation_reason=None)


def _revoke(store: CertificateStore, row: CourseRow, at: datetime, reason: str) -> CourseRow:
    if row.status_seq is not None:
        store.add_revoked(row.status_seq)
    return replace(row, revoked_at=at, revocation_reason=reason)


class CertificatesView(BatchView, ABC):
    """Queries every backend answers identically (the contract tests prove it)."""

    @abstractmethod
    def reader(self) -> Any:
        """A context manager giving a ``CertificateStore`` over a read-only transaction."""

    def apply_to(self, store: CertificateStore, changes: Sequence[Change]) -> None:
        """Fold every change, in order (the backends call this inside their transaction)."""
        for change in changes:
            fold(store, change)

    def course(self, course_id: UUID) -> CourseRow | None:
        """The course, certificate or not."""
        with self.reader() as store:
            row: CourseRow | None = store.course(course_id)
            return row

    def by_code_digest(self, digest: str) -> CourseRow | None:
        """The course whose verification code has this digest (``codes.code_digest``)."""
        with self.reader() as store:
            rows: list[CourseRow] = store.courses_where("code_digest", digest)
        return rows[0] if rows else None

    def certificate_rows(
        self, *, digest: str | None = None, course_id: UUID | None = None
    ) -> tuple[CourseRow, SessionRow | None, CandidateRow | None] | None:
        """A course (by code digest or id) with its session and candidate, in one read."""
        with self.reader() as store:
            if digest is not None:
                found: tuple[CourseRow, SessionRow | None, CandidateRow | None] | None = (
                    store.course_in_context("code_digest", digest)
                )
                return found
            assert course_id is not None
            course: CourseRow | None = store.course(course_id)
            if course is None:
                return None
            return course, store.session(course.session_id), store.candidate(course.candidate_id)

    def courses_of_user(self, user_id: UUID) -> list[CourseRow]:
        """A user's courses, oldest first."""
        with self.reader() as store:
            rows: list[CourseRow] = store.courses_where("user_id", str(user_id))
        return sorted(rows, key=lambda r: (r.started_at, str(r.course_id)))

    def courses_of_session(self, session_id: UUID) -> list[CourseRow]:
        """A session's courses, by course id."""
        with self.reader() as store:
            rows: list[CourseRow] = store.courses_where("session_id", str(session_id))
        return sorted(rows, key=lambda r: str(r.course_id))

    def session(self, session_id: UUID) -> SessionRow | None:
        """The session row."""
        with self.reader() as store:
            row: SessionRow | None = store.session(session_id)
            return row

    def sessions(self) -> list[SessionRow]:
        """Every session, by id."""
        with self.reader() as store:
            rows: list[SessionRow] = store.sessions()
            return rows

    def candidate(self, candidate_id: UUID) -> CandidateRow | None:
        """The candidate row (identity sealed)."""
        with self.reader() as store:
            row: CandidateRow | None = store.candidate(candidate_id)
            return row

    def revoked_seqs(self) -> list[int]:
        """Every revoked status sequence number, ascending."""
        with self.reader() as store:
            seqs: list[int] = store.revoked()
            return seqs

    def link_by_digest(self, digest: str) -> ShareLinkRow | None:
        """The share link whose token has this digest."""
        with self.reader() as store:
            rows: list[ShareLinkRow] = store.links_where("token_digest", digest)
        return rows[0] if rows else None

    def links_of_course(self, course_id: UUID) -> list[ShareLinkRow]:
        """A course's share links, oldest first."""
        with self.reader() as store:
            rows: list[ShareLinkRow] = store.links_where("course_id", str(course_id))
        return sorted(rows, key=lambda r: (r.created_at, str(r.link_id)))

    @abstractmethod
    def dump_all(self) -> dict[str, list[str]]:
        """Every row of every table as JSON text, sorted (rebuild checks compare these)."""
