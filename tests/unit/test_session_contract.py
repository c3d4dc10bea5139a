"""The session contract on memory and SQLite."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.session_contract import SessionContract


class TestSessionsOnMemory(SessionContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestSessionsOnSQLite(SessionContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
