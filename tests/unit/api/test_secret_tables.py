from __future__ import annotations

from pathlib import Path

from api.storage.secret_tables import MemorySecretTables, SQLiteSecretTables
from tests.contracts.secret_tables import (
    assert_each_erasure_bumps_the_generation_seen_by_another_instance,
    assert_recent_keys_lists_rows_just_inserted,
)


def test_memory_tables_list_recent_keys() -> None:
    assert_recent_keys_lists_rows_just_inserted(MemorySecretTables())


def test_sqlite_tables_list_recent_keys(tmp_path: Path) -> None:
    tables = SQLiteSecretTables(tmp_path / "ledger.sqlite3")
    try:
        assert_recent_keys_lists_rows_just_inserted(tables)
    finally:
        tables.close()


def test_memory_tables_count_erasures() -> None:
    tables = MemorySecretTables()
    assert_each_erasure_bumps_the_generation_seen_by_another_instance(tables, tables)


def test_sqlite_tables_count_erasures_across_connections(tmp_path: Path) -> None:
    tables = SQLiteSecretTables(tmp_path / "ledger.sqlite3")
    other = SQLiteSecretTables(tmp_path / "ledger.sqlite3")
    try:
        assert_each_erasure_bumps_the_generation_seen_by_another_instance(tables, other)
    finally:
        tables.close()
        other.close()
