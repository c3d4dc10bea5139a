"""The skip test on SQLite (writers serialised by the database: the head is the watermark)."""

from __future__ import annotations

from pathlib import Path

from tests.contracts.follower_skip import WRITERS, run_rounds


def test_no_view_misses_an_event_with_concurrent_writers_on_sqlite(tmp_path: Path) -> None:
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "ledger.db"),
        "SQLITE_LOCK_TIMEOUT": "30",
    }
    missed = run_rounds(env, rounds=5, ticks=40)
    print(f"\nSQLite, {WRITERS} writers, events missed per round: {missed}")
    assert missed == [0] * 5
