from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.school_records_contract import SchoolRecordsContract


class TestSchoolRecordsOnMemory(SchoolRecordsContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestSchoolRecordsOnSQLite(SchoolRecordsContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
