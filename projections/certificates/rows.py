"""The certificates view's rows and their JSON form (one body per row, on every backend)."""

from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast
from uuid import UUID


@dataclass(frozen=True)
class SessionRow:
    """A session as certificates need it: centre, date, version, current publication."""

    session_id: UUID
    centre_id: UUID
    centre_name: str
    date: str
    version: int
    published_at: datetime | None = None


@dataclass(frozen=True)
class CandidateRow:
    """An enrolled candidate: identity fields still sealed (unsealed at read time)."""

    candidate_id: UUID
    session_id: UUID
    sealed: dict[str, str]
    external_id: str | None


@dataclass(frozen=True)
class CourseRow:
    """A course and, once delivered, its certificate's dates and status-list entry.

    ``result`` is the latest result (finalisation's ``Scored`` then the jury's
    ``ResultRecorded``), slimmed to what certificates and exports show. ``published_at`` is set
    while the session is published; ``delivered_at`` when the course became a certificate
    (published with a validated result); ``status_seq`` numbers that delivery in the status
    list; ``revoked_at``/``revocation_reason`` once it stopped being one.
    ``result_event_id``/``result_event_version`` name the event that recorded the latest
    result (a ``Scored`` or a ``ResultRecorded``): its ledger receipt is asked for by them.
    ``max_reachable_level`` is the level cap a v2 course's start recorded (None for v3, and
    for rows written before it was kept: the reader then uses the configured cap).
    """

    course_id: UUID
    session_id: UUID
    candidate_id: UUID
    user_id: UUID
    code_digest: str
    started_at: datetime
    framework_key: str
    version: int
    result: dict[str, Any] | None = None
    result_at: datetime | None = None
    published_at: datetime | None = None
    delivered_at: datetime | None = None
    status_seq: int | None = None
    revoked_at: datetime | None = None
    revocation_reason: str | None = None
    result_event_id: UUID | None = None
    result_event_version: int | None = None
    max_reachable_level: int | None = None

    @property
    def is_validated(self) -> bool:
        """The latest result is ``validated``."""
        return self.result is not None and self.result.get("status") == "validated"

    @property
    def is_certificate(self) -> bool:
        """Delivered and not revoked: published with a validated latest result."""
        return self.delivered_at is not None and self.revoked_at is None


@dataclass(frozen=True)
class ShareLinkRow:
    """A share link of a certificate (only the token's digest is known)."""

    link_id: UUID
    course_id: UUID
    user_id: UUID
    token_digest: str
    purpose: str
    created_at: datetime
    revoked_at: datetime | None = None


R = TypeVar("R")


def dump(row: Any) -> str:
    """The row as JSON text (UUIDs and datetimes as ISO strings)."""
    return json.dumps(dataclasses.asdict(row), default=_plain, sort_keys=True)


def load(kind: type[R], text: str) -> R:
    """The row of type ``kind`` stored as ``text`` by ``dump``."""
    raw = json.loads(text)
    for name, convert in _converters(cast(Any, kind)):
        value = raw.get(name)
        if value is not None:
            raw[name] = convert(value)
    return kind(**raw)


@functools.cache
def _converters(kind: type[Any]) -> tuple[tuple[str, Any], ...]:
    """(field, parser) for the UUID and datetime fields of a row class, worked out once."""
    out: list[tuple[str, Any]] = []
    for f in dataclasses.fields(kind):
        hint = str(f.type)
        if hint.startswith("UUID"):
            out.append((f.name, UUID))
        elif hint.startswith("datetime"):
            out.append((f.name, datetime.fromisoformat))
    return tuple(out)


def _plain(value: Any) -> str:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")
