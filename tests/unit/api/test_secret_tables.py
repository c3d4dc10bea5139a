from __future__ import annotations

from pathlib import Path

from api.storage.secret_tables import MemorySecretTables, SQLiteSecretTables
from tests.contracts.secret_tables import assert_recent_keys_lists_rows_just_inserted


def test_memory_tables_list_recent_keys() -> None:
    assert_recent_keys_lists_rows_just_inserted(MemorySecretTables())


def test_sqlite_tables_list_recent_keys(tmp_path: Path) -> None:
    tables = SQLiteSecretTables(tmp_path / "ledger.sqlite3")
    try:
        assert_recent_keys_lists_rows_just_inserted(tables)
    finally:
        tables.close()
