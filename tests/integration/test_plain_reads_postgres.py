"""Plain reads on the PostgreSQL ledger, in clear and encrypted."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.plain_reads_contract import CipherPlainReadsContract, PlainReadsContract

pytestmark = pytest.mark.postgres


class TestPlainReadsOnPostgres(PlainReadsContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings


class TestPlainReadsOnEncryptedPostgres(CipherPlainReadsContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
