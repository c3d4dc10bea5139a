"""The session board contract on PostgreSQL."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.session_board_contract import SessionBoardContract

pytestmark = pytest.mark.postgres


class TestSessionBoardOnPostgres(SessionBoardContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
