"""The ledger contract on PostgreSQL."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.ledger_contract import LedgerContract

pytestmark = pytest.mark.postgres


class TestLedgerOnPostgres(LedgerContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
