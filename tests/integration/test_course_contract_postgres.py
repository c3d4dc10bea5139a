"""The certification course contract on PostgreSQL."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.course_contract import CourseContract

pytestmark = pytest.mark.postgres


class TestCourseOnPostgres(CourseContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
