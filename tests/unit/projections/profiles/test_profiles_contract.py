from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.profiles_contract import ProfilesContract


class TestProfilesOnMemory(ProfilesContract):
    learners = 6

    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestProfilesOnSQLite(ProfilesContract):
    learners = 60  # a few thousand answers

    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
