"""The ledger's SQLite insert on its kept writer connection (ADR 1640): atomic, mapped errors."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent
from eventsourcing.sqlite import SQLiteDatastore

from api.storage.recorders import SQLiteLedgerRecorder


@pytest.fixture
def recorder(tmp_path: Path) -> Iterator[SQLiteLedgerRecorder]:
    datastore = SQLiteDatastore(str(tmp_path / "ledger.sqlite3"), lock_timeout=1)
    recorder = SQLiteLedgerRecorder(datastore)
    recorder.create_table()
    yield recorder
    datastore.close()


def event(originator: UUID, version: int, topic: str = "t:E") -> StoredEvent:
    return StoredEvent(
        originator_id=originator, originator_version=version, topic=topic, state=b"{}"
    )


def test_inserted_events_get_increasing_notification_ids_read_back_in_order(
    recorder: SQLiteLedgerRecorder,
) -> None:
    a, b = uuid4(), uuid4()
    first = recorder.insert_events([event(a, 1), event(b, 1)])
    second = recorder.insert_events([event(a, 2, "t:F")])
    assert first is not None
    assert second is not None
    ids = [*first, *second]
    assert ids == sorted(ids)
    assert len(set(ids)) == 3
    read = recorder.select_notifications(start=1, limit=10)
    assert [(n.id, n.originator_id, n.originator_version, n.topic) for n in read] == [
        (ids[0], a, 1, "t:E"),
        (ids[1], b, 1, "t:E"),
        (ids[2], a, 2, "t:F"),
    ]


def test_a_conflicting_event_stores_none_of_its_batch_and_is_the_library_s_error(
    recorder: SQLiteLedgerRecorder,
) -> None:
    a, b = uuid4(), uuid4()
    recorder.insert_events([event(a, 1)])
    with pytest.raises(IntegrityError):
        recorder.insert_events([event(b, 1), event(a, 1)])
    assert recorder.select_events(b) == []
    assert recorder.max_notification_id() == 1
    # The connection is usable again afterwards (the failed transaction was rolled back).
    assert recorder.insert_events([event(b, 1)]) == [2]


def test_a_store_locked_by_another_writer_times_out_with_the_library_s_error(
    recorder: SQLiteLedgerRecorder,
) -> None:
    other = sqlite3.connect(recorder.datastore.pool.db_name, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError):
            recorder.insert_events([event(uuid4(), 1)])
        assert time.monotonic() - started >= 0.9  # waited for the configured lock timeout
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert recorder.max_notification_id() is None
    assert recorder.insert_events([event(uuid4(), 1)]) == [1]


def test_closing_the_store_closes_the_writer_connection(tmp_path: Path) -> None:
    datastore = SQLiteDatastore(str(tmp_path / "ledger.sqlite3"))
    recorder = SQLiteLedgerRecorder(datastore)
    recorder.create_table()
    recorder.insert_events([event(uuid4(), 1)])
    writer = recorder._writer
    assert writer is not None
    datastore.close()
    with pytest.raises(sqlite3.ProgrammingError):
        writer.execute("SELECT 1")
