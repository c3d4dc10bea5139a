"""A session's enrolled candidates: immutable records in a persistent map, with their indexes.

The session aggregate is copied for every command (the repository hands out a deep copy of
its cached aggregate), and its candidate list can hold thousands of records. Records are
frozen and the list is persistent (``immutables.Map``, a hash array mapped trie): a change
makes a new list sharing all but O(log n) of the old one's nodes, so copying a session costs
nothing per candidate, and the indexes (identity, user, course) answer a command's lookups
without visiting the other candidates. See ADR 1560.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from immutables import Map

AUTHORIZATION_VALIDITY = timedelta(minutes=15)
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class EnrolledCandidate:
    """A candidate of the session: sealed identity, options, and what happened to them.

    Frozen, and its ``sealed`` and ``options`` dicts are never changed after enrolment: an
    event replaces the record, so copies of the session may share it.
    """

    candidate_id: UUID
    identity_index: str
    sealed: dict[str, str]
    options: dict[str, Any]
    user_id: UUID | None = None
    reconciled_at: datetime | None = None
    authorized_at: datetime | None = None
    course_id: UUID | None = None
    seq: int = 0
    """Rank of enrolment in the session: lists come in enrolment order."""

    def is_authorized(self, at: datetime) -> bool:
        """An authorisation to start or resume lasts 15 minutes and is used up on entry."""
        return self.authorized_at is not None and at - self.authorized_at <= AUTHORIZATION_VALIDITY

    def changed(self, **fields: Any) -> EnrolledCandidate:
        """A copy with ``fields`` replaced."""
        return replace(self, **fields)

    def __deepcopy__(self, memo: dict[int, Any]) -> EnrolledCandidate:
        return self  # immutable: shared by every copy of the session


class Unchanging(dict[K, V]):
    """A dict that is never changed once built (a new one replaces it): copies share it.

    For what a session records whole and only ever replaces: its finalisation (which lists
    every course), its incident reports and each of them.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> Unchanging[K, V]:
        return self


@dataclass(frozen=True)
class Roster:
    """The enrolled candidates by id, with indexes by identity, user and course.

    Immutable: ``enrolled``, ``updated`` and ``removed`` return a new roster. Lookups by id,
    identity, user or course cost O(log n); only ``values`` and iteration visit everyone.
    """

    records: Map[UUID, EnrolledCandidate] = field(default_factory=Map)
    identities: Map[str, tuple[UUID, ...]] = field(default_factory=Map)
    users: Map[UUID, UUID] = field(default_factory=Map)
    courses: Map[UUID, UUID] = field(default_factory=Map)
    next_seq: int = 0

    def __deepcopy__(self, memo: dict[int, Any]) -> Roster:
        return self  # immutable: shared by every copy of the session

    # -- reading ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.records)

    def __contains__(self, candidate_id: object) -> bool:
        return candidate_id in self.records

    def __getitem__(self, candidate_id: UUID) -> EnrolledCandidate:
        return self.records[candidate_id]

    def __iter__(self) -> Iterator[UUID]:
        return (c.candidate_id for c in self.values())

    def get(self, candidate_id: UUID) -> EnrolledCandidate | None:
        """The candidate with this id, if enrolled."""
        return self.records.get(candidate_id)

    def values(self) -> list[EnrolledCandidate]:
        """Every candidate, in enrolment order (visits them all: for whole-session reads)."""
        return sorted(self.records.values(), key=lambda c: c.seq)

    def with_identity(self, index: str) -> tuple[EnrolledCandidate, ...]:
        """The candidates whose identity blind index is ``index``."""
        return tuple(self.records[c] for c in self.identities.get(index, ()))

    def has_identity(self, index: str) -> bool:
        """Whether a candidate with this identity blind index is enrolled."""
        return index in self.identities

    def of_user(self, user_id: UUID) -> EnrolledCandidate | None:
        """The candidate this user was reconciled with, if any."""
        candidate_id = self.users.get(user_id)
        return None if candidate_id is None else self.records[candidate_id]

    def of_course(self, course_id: UUID) -> EnrolledCandidate | None:
        """The candidate who started this course, if any."""
        candidate_id = self.courses.get(course_id)
        return None if candidate_id is None else self.records[candidate_id]

    def started(self) -> list[EnrolledCandidate]:
        """The candidates who started a course, in enrolment order (visits only them)."""
        return sorted((self.records[c] for c in self.courses.values()), key=lambda c: c.seq)

    def course_ids(self) -> list[UUID]:
        """The courses started in the session, in their candidates' enrolment order."""
        return [c.course_id for c in self.started() if c.course_id is not None]

    # -- changing (each returns a new roster) -------------------------------------------------

    def enrolled(self, candidate: EnrolledCandidate) -> Roster:
        """With ``candidate`` added last."""
        record = candidate.changed(seq=self.next_seq)
        same = self.identities.get(record.identity_index, ())
        return replace(
            self.updated(record),
            identities=self.identities.set(record.identity_index, (*same, record.candidate_id)),
            next_seq=self.next_seq + 1,
        )

    def updated(self, record: EnrolledCandidate) -> Roster:
        """With the record of ``record.candidate_id`` replaced; the indexes follow."""
        old = self.records.get(record.candidate_id)
        users, courses = self.users, self.courses
        if old is not None and old.user_id is not None and old.user_id != record.user_id:
            users = users.delete(old.user_id)
        if record.user_id is not None:
            users = users.set(record.user_id, record.candidate_id)
        if old is not None and old.course_id is not None and old.course_id != record.course_id:
            courses = courses.delete(old.course_id)
        if record.course_id is not None:
            courses = courses.set(record.course_id, record.candidate_id)
        return replace(
            self,
            records=self.records.set(record.candidate_id, record),
            users=users,
            courses=courses,
        )

    def removed(self, candidate_id: UUID) -> Roster:
        """Without this candidate (who must be enrolled)."""
        old = self.records[candidate_id]
        others = tuple(c for c in self.identities[old.identity_index] if c != candidate_id)
        identities = (
            self.identities.set(old.identity_index, others)
            if others
            else self.identities.delete(old.identity_index)
        )
        users, courses = self.users, self.courses
        if old.user_id is not None:
            users = users.delete(old.user_id)
        if old.course_id is not None:
            courses = courses.delete(old.course_id)
        return replace(
            self,
            records=self.records.delete(candidate_id),
            identities=identities,
            users=users,
            courses=courses,
        )
