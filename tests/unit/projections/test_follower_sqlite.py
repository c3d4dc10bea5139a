"""The skip test on SQLite (writers serialised by the database: the head is the watermark)."""

from __future__ import annotations

from pathlib import Path

from api.settings import Settings
from tests.contracts.follower_skip import WRITERS, TickLedger, run_rounds
from tests.contracts.follower_wakes import (
    check_woken_by_its_topics,
    check_writes_gather_between_catch_ups,
)


def _ledger_env(tmp_path: Path) -> dict[str, str]:
    env = Settings(home=tmp_path).ledger_env()  # the ledger's recorder and transcoder
    env["SQLITE_LOCK_TIMEOUT"] = "30"
    return env


def test_no_view_misses_an_event_with_concurrent_writers_on_sqlite(tmp_path: Path) -> None:
    missed = run_rounds(_ledger_env(tmp_path), rounds=5, ticks=40)
    print(f"\nSQLite, {WRITERS} writers, events missed per round: {missed}")
    assert missed == [0] * 5


def test_followers_wake_for_their_topics_only_on_sqlite(tmp_path: Path) -> None:
    app = TickLedger(_ledger_env(tmp_path))
    try:
        check_woken_by_its_topics(app, app)
    finally:
        app.close()


def test_a_stream_of_writes_gathers_between_catch_ups_on_sqlite(tmp_path: Path) -> None:
    app = TickLedger(_ledger_env(tmp_path))
    try:
        check_writes_gather_between_catch_ups(app, app)
    finally:
        app.close()
