from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.certificates_contract import CertificatesContract


class TestCertificatesOnMemory(CertificatesContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestCertificatesOnSQLite(CertificatesContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
