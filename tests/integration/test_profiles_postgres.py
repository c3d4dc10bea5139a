from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.profiles_contract import ProfilesContract

pytestmark = pytest.mark.postgres


class TestProfilesOnPostgres(ProfilesContract):
    learners = 60  # a few thousand answers

    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
