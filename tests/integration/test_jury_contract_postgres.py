"""The jury contract on PostgreSQL."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.jury_contract import JuryContract

pytestmark = pytest.mark.postgres


class TestJuryOnPostgres(JuryContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
