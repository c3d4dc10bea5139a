"""Plain reads on the in-memory and SQLite ledgers, in clear and encrypted."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.plain_reads_contract import CipherPlainReadsContract, PlainReadsContract


class TestPlainReadsOnMemory(PlainReadsContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestPlainReadsOnSQLite(PlainReadsContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings


class TestPlainReadsOnEncryptedSQLite(CipherPlainReadsContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
