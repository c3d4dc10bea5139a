"""The session-size contract on PostgreSQL."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.session_size_contract import SessionSizeContract

pytestmark = pytest.mark.postgres


class TestSessionSizeOnPostgres(SessionSizeContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
