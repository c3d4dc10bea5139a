"""Turn a range of the log into a projection's changes, reading plainly where it can (ADR 1620).

Decoding an event in full costs far more than parsing it: every tagged value is revived
(``UUID``, ``datetime``), the topic resolved, the originator id converted, the event object
built. A view that reads a few JSON-native fields of its busiest events needs none of that.
For an event whose class has a plain reader and whose stored state is at the class's current
``class_version``, the stored state is decrypted and decompressed as the library's mapper
does, parsed with orjson, and handed to the reader as it is. Every other event (no reader,
an older stored version that needs upcasting, JSON that only the library's parser accepts)
goes down the full path: a ``Notification``, the mapper, ``changes_for``.

Either way a damaged stored event raises ``StoredEventError`` naming its position. On the
plain path that covers what the plain path reads: the cipher's tag, the compression, the JSON
and the fields the reader takes; a tagged value it does not read is not revived, so it is not
checked either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, Mapper, Notification
from eventsourcing.utils import TopicError, resolve_topic

from domain.stored_events import UNREADABLE, unreadable
from projections.base import Change, LedgerProjection, PlainReader

StoredRow = tuple[int, Any, int, str, bytes]
"""(notification id, originator id as the recorder read it, originator version, topic, state)."""

_UNSEEN: Any = object()

_UNREADABLE_PLAIN = (*UNREADABLE, AttributeError)
"""What a damaged state raises on the plain path: a reader calling a str method on a field
that holds something else raises AttributeError."""


class LogReader:
    """Reads one application's log for one projection, in ranges, into changes.

    The ledger's recorders give plain rows (``select_rows``) and build a ``Notification`` only
    for the events that go down the full path (``notification_of``); any other recorder's
    notifications are read as rows.
    """

    def __init__(self, app: Application[Any], projection: LedgerProjection[Any]) -> None:
        self.app = app
        self.projection = projection
        recorder = app.recorder
        self._select_rows: Callable[..., Sequence[StoredRow]] = getattr(
            recorder, "select_rows", self._rows_of_notifications
        )
        self.notification_of: Callable[[StoredRow], Notification] = getattr(
            recorder, "notification_of", _notification
        )
        mapper = app.mapper
        self._plain = bool(projection.plain_readers) and reads_like_library(mapper)
        self._decrypt = mapper.cipher.decrypt if mapper.cipher else None
        self._decompress = mapper.compressor.decompress if mapper.compressor else None
        self._unwrap = self._unwrap_state if mapper.cipher or mapper.compressor else None
        self._readers: dict[str, tuple[PlainReader, int] | None] = {
            topic: self._reader_for(topic) for topic in projection.topics
        }

    def rows(self, start: int, limit: int, stop: int) -> Sequence[StoredRow]:
        """Up to ``limit`` stored events of the projection's topics from ``start`` to ``stop``."""
        return self._select_rows(start, limit, stop, self.projection.topics)

    def changes(self, rows: Sequence[StoredRow]) -> list[Change]:
        """The changes ``rows`` imply, in order; ``StoredEventError`` names a damaged one."""
        return self._changes(rows, self.full_changes)

    def full_changes(self, row: StoredRow) -> list[Change]:
        """The changes of one stored event decoded in full (upcast, revived, an event object)."""
        return self.projection.changes_for_notification(self.notification_of(row), self.app.mapper)

    def plain_changes(self, row: StoredRow) -> list[Change] | None:
        """The changes of one stored event through its plain reader; None for the full path."""
        declined: list[StoredRow] = []

        def decline(declined_row: StoredRow) -> list[Change]:
            declined.append(declined_row)
            return []

        changes = self._changes([row], decline)
        return None if declined else changes

    def _changes(
        self, rows: Sequence[StoredRow], full: Callable[[StoredRow], list[Change]]
    ) -> list[Change]:
        # One loop with everything local: the plain path costs about a microsecond an
        # event, so each step per event shows in a catch-up's rate.
        changes: list[Change] = []
        extend, readers, loads, unwrap = changes.extend, self._readers, orjson.loads, self._unwrap
        for row in rows:
            plain = readers.get(row[3], _UNSEEN)
            if plain is _UNSEEN:
                plain = readers[row[3]] = self._reader_for(row[3])
            if plain is not None:
                try:
                    parsed = loads(row[4] if unwrap is None else unwrap(row[4]))
                    # The mapper stores "class_version" only past 1: absent means 1.
                    if type(parsed) is dict and parsed.get("class_version", 1) == plain[1]:
                        extend(plain[0](parsed))
                        continue
                except orjson.JSONDecodeError:
                    pass  # NaN, a huge integer or damage: the library's parser decides
                except _UNREADABLE_PLAIN as e:
                    raise unreadable(row[0], e) from None
            extend(full(row))
        return changes

    def _unwrap_state(self, state: bytes) -> bytes:
        """Decrypt, then decompress, as the library's mapper does before parsing."""
        if self._decrypt is not None:
            state = self._decrypt(state)
        if self._decompress is not None:
            state = self._decompress(state)
        return state

    def _reader_for(self, topic: str) -> tuple[PlainReader, int] | None:
        if not self._plain:
            return None
        try:
            cls = resolve_topic(topic)
        except TopicError:
            return None  # the full path names the event
        reader = self.projection.plain_readers.get(cls)
        return None if reader is None else (reader, getattr(cls, "class_version", 1))

    def _rows_of_notifications(
        self, start: int, limit: int, stop: int, topics: Sequence[str]
    ) -> list[StoredRow]:
        return [
            (n.id, n.originator_id, n.originator_version, n.topic, n.state)
            for n in self.app.recorder.select_notifications(
                start=start, limit=limit, stop=stop, topics=topics
            )
        ]


def reads_like_library(mapper: Any) -> bool:
    """Whether stored states are the library's JSON, read by the library's own mapper code.

    Only then is "decrypt, decompress, parse" exactly what the mapper does before reviving
    (the ledger's ``LedgerTranscoder`` is a ``JSONTranscoder``: same bytes, parsed by orjson).
    """
    return (
        isinstance(mapper, Mapper)
        and type(mapper).to_domain_event is Mapper.to_domain_event
        and isinstance(mapper.transcoder, JSONTranscoder)
    )


def _notification(row: StoredRow) -> Notification:
    i, o, v, t, s = row
    return Notification(id=i, originator_id=o, originator_version=v, topic=t, state=s)
