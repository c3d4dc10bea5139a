from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.campaign_results_contract import CampaignResultsContract

pytestmark = pytest.mark.postgres


class TestCampaignResultsOnPostgres(CampaignResultsContract):
    pupils = 10

    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
