"""Damaged and missing stored events on SQLite."""

from __future__ import annotations

import sqlite3
from uuid import UUID

import pytest

from api.settings import Settings
from tests.contracts.unreadable_contract import UnreadableContract


class TestUnreadableOnSQLite(UnreadableContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings

    def _run(
        self, settings: Settings, query: str, params: tuple[object, ...]
    ) -> list[tuple[int, int]]:
        with sqlite3.connect(settings.sqlite_path) as conn:
            return conn.execute(query, params).fetchall()

    def rows(self, settings: Settings, originator_id: UUID) -> list[tuple[int, int]]:
        return self._run(
            settings,
            "SELECT rowid, originator_version FROM stored_events WHERE originator_id = ? "
            "ORDER BY originator_version",
            (originator_id.hex,),
        )

    def damage(self, settings: Settings, position: int) -> None:
        self._run(
            settings,
            "UPDATE stored_events SET state = ? WHERE rowid = ?",
            (b"\xffnot json", position),
        )

    def remove(self, settings: Settings, position: int) -> None:
        self._run(settings, "DELETE FROM stored_events WHERE rowid = ?", (position,))
