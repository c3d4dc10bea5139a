"""The audit log contract on memory and SQLite."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.audit_log_contract import AuditLogContract


class TestAuditLogInMemory(AuditLogContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestAuditLogOnSQLite(AuditLogContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
