"""The ledger's event recorders: the library's, with a plain insert and topic wakes (ADR 1521).

Both subclass eventsourcing 9.5's application recorders and keep their tables, reads and
guarantees (unique originator and version, ids in the library's sequence). What changes:

- PostgreSQL writes with one prepared ``INSERT ... RETURNING`` in autocommit, instead of the
  library's insert function, which also ran ``NOTIFY`` inside every insert. A NOTIFY in a
  transaction serialises its commit with every other notifying commit of the server, and
  readers need no ordering from writers any more: followers stop at the watermark (ADR 1100;
  an autocommit INSERT holds ROW EXCLUSIVE from before it draws its ids until it ends).
- After each commit the recorder wakes this process's followers of the written topics at
  once, and (PostgreSQL) announces the topics to other processes with a ``NOTIFY`` sent by a
  background thread, at most one per ``NOTIFY_INTERVAL`` with every topic written since.
  One ``LISTEN`` per process wakes only the followers of the announced topics; nothing is
  selected per notification. A plain ``NOTIFY`` with no payload (the library's insert
  function, in a process not yet upgraded) wakes every follower.
- Followers read a range as plain rows (``select_rows``; SQLite leaves the originator id as
  stored text, PostgreSQL reads in binary); a row becomes a ``Notification``
  (``notification_of``) only for an event a view decodes in full (ADR 1620).
  ``select_notifications`` keeps the library's contract for every caller.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
import uuid
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any, cast

from eventsourcing import persistence
from eventsourcing.persistence import ApplicationRecorder, Notification, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteApplicationRecorder
from eventsourcing.utils import retry
from psycopg import InterfaceError, OperationalError
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier
from typing_extensions import override

from projections.plain_reads import StoredRow
from projections.wakes import Wakes

NOTIFY_INTERVAL = 0.01
"""Seconds between two notifications of one process (others' followers wait at most this)."""

LISTEN_TIMEOUT = 0.5
"""Seconds between two checks that the listening thread should stop."""

MAX_PAYLOAD = 7000
"""PostgreSQL refuses payloads from 8,000 bytes: past this the payload names no topic."""


def _notification(
    notification_id: int, originator_id: Any, version: int, topic: str, state: bytes
) -> Notification:
    """The library's frozen ``Notification``, without its field-by-field ``__init__``."""
    notification = _new(Notification)
    notification.__dict__.update(
        id=notification_id,
        originator_id=originator_id,
        originator_version=version,
        topic=topic,
        state=state if type(state) is bytes else bytes(state),
    )
    return notification


_new = object.__new__


_SQLITE_ERRORS: tuple[tuple[type[sqlite3.Error], type[persistence.PersistenceError]], ...] = (
    (sqlite3.InterfaceError, persistence.InterfaceError),
    (sqlite3.DataError, persistence.DataError),
    (sqlite3.OperationalError, persistence.OperationalError),
    (sqlite3.IntegrityError, persistence.IntegrityError),
    (sqlite3.InternalError, persistence.InternalError),
    (sqlite3.ProgrammingError, persistence.ProgrammingError),
    (sqlite3.NotSupportedError, persistence.NotSupportedError),
    (sqlite3.DatabaseError, persistence.DatabaseError),
    (sqlite3.Error, persistence.PersistenceError),
)
"""How the library's SQLite transaction maps errors (first match wins, subclasses first)."""


def _insert_rows(
    conn: sqlite3.Connection, statement: str, rows: list[tuple[Any, ...]]
) -> list[int]:
    """Insert ``rows`` in one transaction; all or none, errors as the library raises them."""
    try:
        conn.execute("BEGIN")
        try:
            ids = [cast(int, conn.execute(statement, row).lastrowid) for row in rows]
            conn.execute("COMMIT")
        except BaseException:
            conn.rollback()
            raise
    except sqlite3.Error as e:
        mapped = next(ours for theirs, ours in _SQLITE_ERRORS if isinstance(e, theirs))
        raise mapped(e) from e
    return ids


class WakeHandle:
    """A follower's registration; ``stop()`` ends it (and the listener with the last one)."""

    def __init__(self, stop: Any) -> None:
        self._stop = stop

    def stop(self) -> None:
        """Stop waking this follower."""
        self._stop()


class RangeRows(ApplicationRecorder):
    """The followers' range read as plain rows, and ``select_notifications`` made of them.

    A recorder gives ``select_rows`` (a range, maybe topics, no per-column lookups) and
    ``notification_of``; every other read keeps the library's own ``select_notifications``.
    """

    @abstractmethod
    def select_rows(
        self, start: int, limit: int, stop: int, topics: Sequence[str] = ()
    ) -> list[StoredRow]:
        """Stored events ``start`` to ``stop`` (of ``topics``, if any), at most ``limit``."""

    @abstractmethod
    def notification_of(self, row: StoredRow) -> Notification:
        """The ``Notification`` ``select_notifications`` returns for ``row``."""

    @override
    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        if start is None or stop is None or not inclusive_of_start:
            # The library recorder after this mixin in the subclass's bases reads those.
            return super().select_notifications(  # type: ignore[safe-super]
                start, limit, stop, topics, inclusive_of_start=inclusive_of_start
            )
        return [self.notification_of(row) for row in self.select_rows(start, limit, stop, topics)]


class SQLiteLedgerRecorder(RangeRows, SQLiteApplicationRecorder):
    """The library's SQLite recorder; wakes this process's followers after each commit.

    Other processes are not told: their followers poll (SQLite has no notifications).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wakes = Wakes()
        self._writer: sqlite3.Connection | None = None
        self._writer_lock = threading.Lock()
        close = self.datastore.close

        def close_writer_then_store() -> None:
            with self._writer_lock:
                if self._writer is not None:
                    self._writer.close()
                    self._writer = None
            close()

        self.datastore.close = close_writer_then_store  # type: ignore[method-assign]

    @override
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The library's insert (one transaction: BEGIN, an INSERT per event, COMMIT), on a
        # connection kept for writing. SQLite lets one writer in at a time whatever we do, and
        # the pool's semaphore, writer lock and three context managers per write cost a tenth
        # of an append (ADR 1640). Errors are the library's, as its own path maps them.
        if self.datastore.pool.is_sqlite_memory_mode:  # readers and writer share one memory
            ids = super().insert_events(stored_events, **kwargs)
        else:
            rows = [
                (
                    e.originator_id.hex
                    if isinstance(e.originator_id, uuid.UUID)
                    else e.originator_id,
                    e.originator_version,
                    e.topic,
                    e.state,
                )
                for e in stored_events
            ]
            with self._writer_lock:
                ids = _insert_rows(self._writing(), self.insert_events_statement, rows)
        self.wakes.written({e.topic for e in stored_events})
        return ids

    def _writing(self) -> sqlite3.Connection:
        """The connection kept for writing (opened as the library opens its pool's)."""
        if self._writer is None:
            pool = self.datastore.pool
            self._writer = sqlite3.connect(
                pool.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,
                timeout=pool.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        return self._writer

    @override
    def select_rows(
        self, start: int, limit: int, stop: int, topics: Sequence[str] = ()
    ) -> list[StoredRow]:
        """The range ``select_notifications`` reads, as plain rows (originator id unconverted).

        Views read most events through plain readers that never look at the originator id;
        ``notification_of`` turns a row into a ``Notification`` for those that need one.
        """
        where = f" AND topic IN ({','.join('?' * len(topics))})" if topics else ""
        statement = (
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name} WHERE rowid>=? AND rowid<=?{where} "
            "ORDER BY rowid LIMIT ?"
        )
        with self.datastore.transaction(commit=False) as c:
            cursor = cast(sqlite3.Cursor, c)  # what the library's transaction yields
            cursor.row_factory = None
            cursor.execute(statement, [start, stop, *topics, limit])
            return cursor.fetchall()

    @override
    def notification_of(self, row: StoredRow) -> Notification:
        """The ``Notification`` ``select_notifications`` returns for ``row``."""
        i, o, v, t, s = row
        return _notification(i, self.convert_originator_id(o), v, t, s)

    def wake_on(self, topics: Iterable[str], wake: threading.Event) -> WakeHandle:
        """Set ``wake`` when this process writes an event of ``topics``."""
        self.wakes.register(topics, wake)
        return WakeHandle(lambda: self.wakes.unregister(wake))


class PostgresLedgerRecorder(RangeRows, PostgresApplicationRecorder):
    """The library's PostgreSQL recorder with a plain prepared insert and topic wakes."""

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.wakes = Wakes()
        self._token = uuid.uuid4().hex[:16]
        self._insert_sql: dict[int, bytes] = {}
        self._range_sql = {
            with_topics: SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                "FROM {}.{} WHERE notification_id >= %s AND notification_id <= %s"
                + (" AND topic = ANY(%s)" if with_topics else "")
                + " ORDER BY notification_id LIMIT %s"
            ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name))
            for with_topics in (False, True)
        }
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._to_notify = threading.Event()
        self._notifier: threading.Thread | None = None
        self._listeners = 0
        self._listener: threading.Thread | None = None
        self._listener_stop = threading.Event()
        # Writes not yet announced are announced when the store is closed (a process that
        # stops gracefully leaves no follower elsewhere waiting for its poll).
        close = datastore.close

        def announce_then_close() -> None:
            with contextlib.suppress(Exception):
                self._send_pending()
            close()

        datastore.close = announce_then_close  # type: ignore[method-assign]

    # -- writing ------------------------------------------------------------------------

    @override
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        params: list[Any] = []
        for e in stored_events:
            params += (e.originator_id, e.originator_version, e.topic, e.state)
        # One statement in autocommit: all the events or none, one round trip.
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as c:
            c.execute(self._insert_statement(len(stored_events)), params, prepare=True)
            ids = [row[0] for row in c.fetchall()]
        topics = {e.topic for e in stored_events}
        self.wakes.written(topics)
        self._announce(topics)
        return ids

    def _insert_statement(self, count: int) -> bytes:
        statement = self._insert_sql.get(count)
        if statement is None:
            rows = ", ".join(["(%s, %s, %s, %s)"] * count)
            statement = (
                SQL(
                    "INSERT INTO {}.{} (originator_id, originator_version, topic, state) "
                    "VALUES " + rows + " RETURNING notification_id"
                )
                .format(Identifier(self.datastore.schema), Identifier(self.events_table_name))
                .as_string()
                .encode()
            )
            self._insert_sql[count] = statement
        return statement

    def _announce(self, topics: set[str]) -> None:
        with self._lock:
            self._pending.update(topics)
            if self._notifier is None:
                self._notifier = threading.Thread(
                    target=self._notify_loop, name="ledger-notifier", daemon=True
                )
                self._notifier.start()
        self._to_notify.set()

    def _notify_loop(self) -> None:
        while not self.datastore.pool.closed:
            if not self._to_notify.wait(LISTEN_TIMEOUT):
                continue
            self._to_notify.clear()
            try:
                self._send_pending()
            except Exception:  # the pool closed, or the server is gone: followers still poll
                if self.datastore.pool.closed:
                    return
            # Writes made meanwhile wait for the next round: one notification per interval.
            time.sleep(NOTIFY_INTERVAL)

    def _send_pending(self) -> None:
        with self._lock:
            topics, self._pending = self._pending, set()
        if not topics:
            return
        payload = " ".join([self._token, *sorted(topics)])
        if len(payload.encode()) > MAX_PAYLOAD:
            payload = self._token
        with self.datastore.get_connection() as conn:
            conn.execute("SELECT pg_notify(%s, %s)", (self.channel_name, payload))

    @override
    def select_rows(
        self, start: int, limit: int, stop: int, topics: Sequence[str] = ()
    ) -> list[StoredRow]:
        """The range ``select_notifications`` reads, as plain rows.

        Views read most events through plain readers; ``notification_of`` turns a row into a
        ``Notification`` for those that need one. Results come in binary: the state arrives
        as its bytes, not as hex text to decode (more than half the read's cost, ADR 1620), and
        psycopg loads a binary UUID for less than the text would cost.
        """
        statement = self._range_sql[bool(topics)]
        params = (start, stop, list(topics), limit) if topics else (start, stop, limit)
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as c:
            c.execute(statement, params, prepare=True, binary=True)
            return c.fetchall()

    @override
    def notification_of(self, row: StoredRow) -> Notification:
        """The ``Notification`` ``select_notifications`` returns for ``row``."""
        return _notification(*row)

    # -- waking followers -----------------------------------------------------------------

    def wake_on(self, topics: Iterable[str], wake: threading.Event) -> WakeHandle:
        """Set ``wake`` when an event of ``topics`` is written, by this process or another."""
        self.wakes.register(topics, wake)
        with self._lock:
            self._listeners += 1
            if self._listener is None or not self._listener.is_alive():
                self._listener_stop.clear()
                self._listener = threading.Thread(
                    target=self._listen, name="ledger-listener", daemon=True
                )
                self._listener.start()

        def stop() -> None:
            self.wakes.unregister(wake)
            with self._lock:
                self._listeners -= 1
                if self._listeners == 0:
                    self._listener_stop.set()

        return WakeHandle(stop)

    def _listen(self) -> None:
        with contextlib.suppress(Exception), self.datastore.get_connection() as conn:
            conn.execute(SQL("LISTEN {}").format(Identifier(self.channel_name)))
            while not self._listener_stop.is_set() and not self.datastore.pool.closed:
                for notify in conn.notifies(timeout=LISTEN_TIMEOUT):
                    self._heard(notify.payload)
            conn.execute(SQL("UNLISTEN {}").format(Identifier(self.channel_name)))

    def _heard(self, payload: str) -> None:
        token, _, topics = payload.partition(" ")
        if not token:
            self.wakes.written(None)  # the library's NOTIFY: no topics said
        elif token != self._token:  # this process's own writes woke its followers already
            self.wakes.written(topics.split(" ") if topics else None)
