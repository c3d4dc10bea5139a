from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.campaign_results_contract import CampaignResultsContract


class TestCampaignResultsOnMemory(CampaignResultsContract):
    pupils = 6

    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestCampaignResultsOnSQLite(CampaignResultsContract):
    pupils = 10

    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
