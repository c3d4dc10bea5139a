"""The jury contract on memory and SQLite."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.jury_contract import JuryContract


class TestJuryOnMemory(JuryContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestJuryOnSQLite(JuryContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
