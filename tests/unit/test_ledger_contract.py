"""The ledger contract on the in-memory and embedded SQLite stores."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.ledger_contract import LedgerContract


class TestLedgerOnMemory(LedgerContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestLedgerOnSQLite(LedgerContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
