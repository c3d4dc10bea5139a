"""The accounts contract on the in-memory and embedded SQLite stores."""

from __future__ import annotations

import sqlite3

import pytest

from api.settings import Settings
from tests.contracts.accounts_contract import AccountsContract, render


class TestAccountsOnMemory(AccountsContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestAccountsOnSQLite(AccountsContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings

    def raw_rows(self, settings: Settings) -> list[str]:
        rows = []
        for path in sorted(settings.sqlite_path.parent.glob("*.sqlite3")):
            with sqlite3.connect(path) as conn:
                tables = [
                    t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                ]
                for table in tables:
                    rows += [render(table, r) for r in conn.execute(f'SELECT * FROM "{table}"')]
        return rows
