"""The skip test on PostgreSQL, and followers woken across processes by LISTEN/NOTIFY."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.settings import Settings
from tests.contracts.follower_skip import WRITERS, TickLedger, run_rounds
from tests.contracts.follower_wakes import (
    check_other_process_writes_seen_once,
    check_woken_by_its_topics,
    check_writes_gather_between_catch_ups,
)

pytestmark = pytest.mark.postgres


def test_no_view_misses_an_event_with_concurrent_writers_on_postgres(
    postgres_settings: Settings,
) -> None:
    env = postgres_settings.ledger_env()
    env["POSTGRES_POOL_SIZE"] = str(WRITERS + 2)
    missed = run_rounds(env, rounds=12, ticks=50)
    print(f"\nPostgreSQL, {WRITERS} writers, events missed per round: {missed}")
    assert missed == [0] * 12


@pytest.fixture
def writer_and_follower(postgres_settings: Settings) -> Iterator[tuple[TickLedger, TickLedger]]:
    """Two ledgers, two pools: the follower hears the writer only through NOTIFY."""
    writer = TickLedger(postgres_settings.ledger_env())
    follower = TickLedger(postgres_settings.ledger_env())
    try:
        yield writer, follower
    finally:
        writer.close()
        follower.close()


def test_followers_wake_for_their_topics_only_on_postgres(
    writer_and_follower: tuple[TickLedger, TickLedger],
) -> None:
    check_woken_by_its_topics(*writer_and_follower)


def test_a_follower_sees_each_event_of_another_process_once(postgres_settings: Settings) -> None:
    env = postgres_settings.ledger_env()
    follower = TickLedger(env)
    try:
        check_other_process_writes_seen_once(env, follower)
    finally:
        follower.close()


def test_a_stream_of_writes_gathers_between_catch_ups_on_postgres(
    writer_and_follower: tuple[TickLedger, TickLedger],
) -> None:
    check_writes_gather_between_catch_ups(*writer_and_follower)
