from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.certificates_contract import CertificatesContract

pytestmark = pytest.mark.postgres


class TestCertificatesOnPostgres(CertificatesContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
