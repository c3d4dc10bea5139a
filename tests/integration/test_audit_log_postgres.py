"""The audit log contract on PostgreSQL."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.audit_log_contract import AuditLogContract

pytestmark = pytest.mark.postgres


class TestAuditLogOnPostgres(AuditLogContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
