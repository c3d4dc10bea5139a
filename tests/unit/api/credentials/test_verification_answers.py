"""Kept verification answers, in memory and on SQLite (two instances on one file set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import Settings
from tests.contracts.verification_answers_contract import VerificationAnswersContract


class TestVerificationAnswersInMemory(VerificationAnswersContract):
    shared_store = False

    @pytest.fixture
    def settings(self, tmp_path: Path) -> Settings:
        return Settings(database_url="memory://", home=tmp_path, password_hash_log2_n=10)


class TestVerificationAnswersOnSQLite(VerificationAnswersContract):
    @pytest.fixture
    def settings(self, tmp_path: Path) -> Settings:
        return Settings(database_url=None, home=tmp_path, password_hash_log2_n=10)
