"""The skip test on PostgreSQL, with the ledger's insert function (which takes no table lock)."""

from __future__ import annotations

import pytest

from api.settings import Settings
from tests.contracts.follower_skip import WRITERS, run_rounds

pytestmark = pytest.mark.postgres


def test_no_view_misses_an_event_with_concurrent_writers_on_postgres(
    postgres_settings: Settings,
) -> None:
    env = postgres_settings.ledger_env()
    env["POSTGRES_POOL_SIZE"] = str(WRITERS + 2)
    missed = run_rounds(env, rounds=12, ticks=50)
    print(f"\nPostgreSQL, {WRITERS} writers, events missed per round: {missed}")
    assert missed == [0] * 12
