"""Kept verification answers on PostgreSQL: two instances on one database."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.verification_answers_contract import VerificationAnswersContract

pytestmark = pytest.mark.postgres


class TestVerificationAnswersOnPostgres(VerificationAnswersContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings
