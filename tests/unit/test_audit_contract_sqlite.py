"""Tampering with the embedded SQLite store is found by ``audit verify``, with its position."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from api.settings import Settings
from tests.contracts.audit_contract import SCENARIOS, StoreAccess, print_table, run_scenario


class SQLiteAccess(StoreAccess):
    def __init__(self, settings: Settings) -> None:
        self.ledger = settings.sqlite_path
        self.log = self.ledger.with_name(f"{self.ledger.stem}.audit_log{self.ledger.suffix}")

    def _run(self, path: Path, query: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with sqlite3.connect(path) as conn:
            return conn.execute(query, params).fetchall()

    def rows(self) -> list[tuple[int, Any, int, str, bytes]]:
        return self._run(
            self.ledger,
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid",
        )

    def set_state(self, position: int, state: bytes) -> None:
        self._run(
            self.ledger, "UPDATE stored_events SET state = ? WHERE rowid = ?", (state, position)
        )

    def delete(self, position: int) -> None:
        self._run(self.ledger, "DELETE FROM stored_events WHERE rowid = ?", (position,))

    def insert(
        self, position: int, originator_id: Any, version: int, topic: str, state: bytes
    ) -> None:
        self._run(
            self.ledger,
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)",
            (position, str(originator_id), version, topic, state),
        )

    def move(self, position: int, to: int) -> None:
        self._run(self.ledger, "UPDATE stored_events SET rowid = ? WHERE rowid = ?", (to, position))

    def checkpoint_note(self, size: int) -> str:
        return str(
            self._run(self.log, "SELECT note FROM audit_log_checkpoints WHERE size = ?", (size,))[
                0
            ][0]
        )

    def alter_checkpoint_note(self, size: int, note: str) -> None:
        self._run(
            self.log, "UPDATE audit_log_checkpoints SET note = ? WHERE size = ?", (note, size)
        )


def test_every_tampering_is_found_with_its_position_on_sqlite(tmp_path: Path) -> None:
    results = []
    for n, scenario in enumerate(SCENARIOS):
        settings = Settings(database_url=None, home=tmp_path / f"home{n}")
        results.append(run_scenario(settings, SQLiteAccess, scenario))
    print_table("SQLite", results)
    assert len(results) == len(SCENARIOS)
