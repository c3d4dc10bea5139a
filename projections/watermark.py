"""How far a follower of the notification log may safely advance (the read-side watermark).

A follower reads the log in id order and never comes back below its tracked position, so it
may only advance to a position below which no event can still appear. Ids are handed out when
a row is inserted but become visible when its transaction commits, and nothing but the
library's table lock makes those two orders agree. With ``POSTGRES_ENABLE_DB_FUNCTIONS=y`` (the
ledger's setting) the library's insert function takes no lock, so a writer can commit id 7
while id 6 is still in flight: a follower that advanced to 7 would skip 6 for ever.

The watermark closes that gap without slowing writers (ADR 1100):

- PostgreSQL: read the head, then list the transactions that hold a lock on the events table
  at that moment (``pg_locks``; every inserting transaction takes ROW EXCLUSIVE before it
  draws an id and keeps it until it ends), and wait until those transactions have ended.
  An id below the head was drawn before the head was, so its transaction was either committed
  at the read, rolled back, or still holding the lock at the read; once those have ended,
  every id up to the head is final. Transactions that start later draw higher ids.
- SQLite serialises writers (the write lock is held from the insert to the commit) and POPO
  inserts under one lock, so their head is already a watermark.
"""

from __future__ import annotations

import time
from typing import Any

from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier

MAX_WAIT = 2.0
"""Seconds to wait for in-flight writers before giving up this round (the caller retries)."""


def watermark(recorder: Any, floor: int, max_wait: float = MAX_WAIT) -> int:
    """The highest notification id below which the log can no longer change (>= ``floor``).

    ``floor`` is the caller's current position: it is returned when writers that were in
    flight at the read are still running after ``max_wait`` seconds, so the caller simply
    tries again later instead of advancing past an event that has not committed yet.
    """
    if isinstance(recorder, PostgresApplicationRecorder):
        return _postgres_watermark(recorder, floor, max_wait)
    return max(floor, recorder.max_notification_id() or 0)


_LOCKS = (
    "SELECT array_agg(virtualtransaction) FROM pg_locks WHERE locktype = 'relation' "
    "AND relation = %s AND mode = 'RowExclusiveLock' AND granted AND pid <> pg_backend_pid()"
)
_STILL_RUNNING = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'relation' AND relation = %s "
    "AND mode = 'RowExclusiveLock' AND virtualtransaction = ANY(%s)"
)


_HEAD = (
    "SELECT max(notification_id) AS head, to_regclass(format('%%I.%%I', %s::text, %s::text))::oid "
    "AS rel FROM {}.{}"
)


def _postgres_watermark(recorder: PostgresApplicationRecorder, floor: int, max_wait: float) -> int:
    schema, table = recorder.datastore.schema, recorder.events_table_name
    head_sql = SQL(_HEAD).format(Identifier(schema), Identifier(table))
    with recorder.datastore.get_connection() as conn:
        # Two statements in this order: the lock list is read after the head's snapshot, so
        # any writer that was in flight when the head was read is still listed or has ended.
        row = conn.execute(head_sql, (schema, table)).fetchone()
        assert row is not None
        head, relation = row["head"] or 0, row["rel"]
        if head <= floor:
            return floor
        writers = conn.execute(_LOCKS, (relation,)).fetchone()
        pending = writers["array_agg"] if writers else None
        deadline = time.monotonic() + max_wait
        pause = 0.0005
        while pending:
            if time.monotonic() > deadline:
                return floor
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
            left = conn.execute(_STILL_RUNNING, (relation, pending)).fetchone()
            pending = pending if left and left["count"] else None
    return int(head)
