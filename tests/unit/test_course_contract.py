"""The certification course contract on memory and SQLite."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.course_contract import CourseContract


class TestCourseOnMemory(CourseContract):
    @pytest.fixture
    def settings(self, memory_settings: Settings) -> Settings:
        return memory_settings


class TestCourseOnSQLite(CourseContract):
    @pytest.fixture
    def settings(self, sqlite_settings: Settings) -> Settings:
        return sqlite_settings
