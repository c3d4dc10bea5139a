"""The v2 session contract on PostgreSQL."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.v2_session_contract import V2SessionContract

pytestmark = pytest.mark.postgres


class TestV2SessionsOnPostgres(V2SessionContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
