"""The session board contract on the in-memory and embedded SQLite stores."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.session_board_contract import SessionBoardContract


class TestSessionBoardOnMemory(SessionBoardContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestSessionBoardOnSQLite(SessionBoardContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
