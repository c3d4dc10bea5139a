from __future__ import annotations

import pytest

from api.settings import Settings
from api.storage.secret_tables import open_secret_tables
from tests.contracts.secret_tables import (
    assert_each_erasure_bumps_the_generation_seen_by_another_instance,
    assert_recent_keys_lists_rows_just_inserted,
)

pytestmark = pytest.mark.postgres


def test_postgres_tables_list_recent_keys(postgres_settings: Settings) -> None:
    tables = open_secret_tables(postgres_settings)
    try:
        assert_recent_keys_lists_rows_just_inserted(tables)
    finally:
        tables.close()


def test_postgres_tables_count_erasures_across_pools(postgres_settings: Settings) -> None:
    tables = open_secret_tables(postgres_settings)
    other = open_secret_tables(postgres_settings)
    try:
        assert_each_erasure_bumps_the_generation_seen_by_another_instance(tables, other)
    finally:
        tables.close()
        other.close()
