from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.school_records_contract import SchoolRecordsContract

pytestmark = pytest.mark.postgres


class TestSchoolRecordsOnPostgres(SchoolRecordsContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
