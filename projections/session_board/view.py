"""The session board view: documents per (kind, key), the changes that edit them, the query.

Rows are JSON documents of one of four kinds, each tagged with its session: ``candidate``
(by candidate id), ``course`` (by course id), ``incident`` (by report id). A change edits one
document; the merge happens here, the same for every backend, so a backend only loads and
stores documents (``fold``) in the transaction that records the tracking position.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.certification.board import (
    BoardCandidate,
    CourseProgress,
    Incident,
    SessionBoard,
)
from projections.base import BatchView, Change

CANDIDATE, COURSE, INCIDENT = "candidate", "course", "incident"

PUT = "put"
"""(PUT, kind, key, session_id | None, fields): create the document or merge ``fields`` in."""
PUT_IF = "put_if"
"""(PUT_IF, kind, key, field, expected, fields): merge ``fields`` if ``doc[field] == expected``."""
ADD = "add"
"""(ADD, kind, key, field, n): add ``n`` to a number field of an existing document."""
DELETE = "delete"
"""(DELETE, kind, key): remove the document."""

Key = tuple[str, str]


@dataclass(frozen=True)
class BoardRow:
    """One stored document (what rebuild and incremental runs must agree on)."""

    kind: str
    key: str
    session_id: str
    doc: str


def fold(
    changes: Sequence[Change], load: Callable[[Key], tuple[str, dict[str, Any]] | None]
) -> tuple[dict[Key, tuple[str, dict[str, Any]]], set[Key]]:
    """Apply ``changes`` in order over documents ``load``-ed once each.

    Returns the documents to write (key -> (session id, document)) and the keys to delete.
    """
    docs: dict[Key, tuple[str, dict[str, Any]] | None] = {}

    def current(key: Key) -> tuple[str, dict[str, Any]] | None:
        if key not in docs:
            docs[key] = load(key)
        return docs[key]

    for change in changes:
        op, key = change[0], (change[1], str(change[2]))
        found = current(key)
        if op == PUT:
            session_id, fields = change[3], change[4]
            if found is None:
                docs[key] = (str(session_id), dict(fields))
            else:
                docs[key] = (found[0], {**found[1], **fields})
        elif op == PUT_IF:
            if found is not None and found[1].get(change[3]) == change[4]:
                docs[key] = (found[0], {**found[1], **change[5]})
        elif op == ADD:
            if found is not None:
                docs[key] = (found[0], {**found[1], change[3]: found[1][change[3]] + change[4]})
        elif op == DELETE:
            docs[key] = None
    writes = {k: v for k, v in docs.items() if v is not None}
    deletes = {k for k, v in docs.items() if v is None}
    return writes, deletes


def encode(doc: dict[str, Any]) -> str:
    """A document as stored: JSON with sorted keys (equal documents, equal text)."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"))


class SessionBoardView(BatchView, ABC):
    """The board of a session; every backend answers identically (the contract proves it)."""

    @abstractmethod
    def session_rows(self, session_id: UUID) -> list[BoardRow]:
        """The documents of one session."""

    @abstractmethod
    def all_rows(self) -> list[BoardRow]:
        """Every document, sorted by kind and key (audits and rebuild checks)."""

    def board(self, session_id: UUID) -> SessionBoard:
        """The session's candidates (enrolment order), their courses, and its incidents."""
        return board_from(session_id, self.session_rows(session_id))


def board_from(session_id: UUID, rows: Iterable[BoardRow]) -> SessionBoard:
    """Assemble a board from its documents."""
    by_kind: dict[str, dict[str, dict[str, Any]]] = {CANDIDATE: {}, COURSE: {}, INCIDENT: {}}
    for row in rows:
        by_kind[row.kind][row.key] = json.loads(row.doc)
    courses = by_kind[COURSE]
    candidates = [
        BoardCandidate(
            candidate_id=UUID(key),
            sealed=doc["sealed"],
            options=doc["options"],
            user_id=_uuid(doc.get("user_id")),
            reconciled_at=_instant(doc.get("reconciled_at")),
            authorized_at=_instant(doc.get("authorized_at")),
            course=_course(doc.get("course_id"), courses),
        )
        for key, doc in sorted(by_kind[CANDIDATE].items(), key=lambda kv: kv[1]["seq"])
    ]
    incidents = [
        Incident(
            report_id=UUID(key),
            course_id=UUID(doc["course_id"]),
            category=doc["category"],
            subcategory=doc["subcategory"],
            description=doc["description"],
            question_number=doc["question_number"],
            impactful=doc["impactful"],
        )
        for key, doc in sorted(by_kind[INCIDENT].items(), key=lambda kv: kv[1]["seq"])
    ]
    return SessionBoard(session_id, tuple(candidates), tuple(incidents))


def _course(course_id: str | None, courses: dict[str, dict[str, Any]]) -> CourseProgress | None:
    doc = courses.get(course_id) if course_id else None
    if course_id is None or doc is None:
        return None
    return CourseProgress(
        course_id=UUID(course_id),
        version=doc["version"],
        state=doc["state"],
        answered=doc["answered"],
        started_at=datetime.fromisoformat(doc["started_at"]),
        ongoing_alert=doc["ongoing_alert"],
        companion_alert=doc["companion_alert"],
        result=doc["result"],
    )


def _uuid(value: str | None) -> UUID | None:
    return None if value is None else UUID(value)


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)
