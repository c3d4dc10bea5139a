"""The session contract on PostgreSQL."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.session_contract import SessionContract

pytestmark = pytest.mark.postgres


class TestSessionsOnPostgres(SessionContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
