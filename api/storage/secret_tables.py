"""Small key -> bytes tables beside the event store: personal-data keys and revoked tokens.

Kept out of the event store on purpose: an event can never be deleted, and these rows must be
(erasing a person's key is the right to erasure). Same database as the ledger, own tables;
one implementation per backend, chosen from Settings by ``open_secret_tables``.
"""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

import psycopg
from eventsourcing.persistence import OperationalError
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg_pool import ConnectionPool

from api.settings import Settings

TABLES = ("personal_data_keys", "revoked_tokens", "credential_keys")
"""Every table these stores hold; each row is (key text, value bytes, created_at)."""
ERASURES = "secret_erasures"
"""One row (``id`` 1) counting erasures: ``erase`` bumps it in the deleting transaction, so a
reader that reads this one number knows whether anything was erased since it last looked."""


class SecretTables(ABC):
    """Insert-once, read and delete rows of the ``TABLES``."""

    @abstractmethod
    def insert(self, table: str, key: str, value: bytes) -> bool:
        """Store ``value`` under ``key`` unless a row exists; whether it was stored."""

    @abstractmethod
    def get(self, table: str, key: str) -> bytes | None:
        """The value under ``key``, or None."""

    @abstractmethod
    def delete(self, table: str, key: str) -> bool:
        """Delete the row under ``key`` for good; whether it existed."""

    @abstractmethod
    def erase(self, table: str, key: str) -> bool:
        """``delete``, and bump the erasure generation in the same transaction."""

    @abstractmethod
    def erasure_generation(self) -> int:
        """How many erasures this store has seen (any process): one cheap read."""

    @abstractmethod
    def recent_keys(self, table: str, within_seconds: float) -> list[str]:
        """Keys of the rows created in the last ``within_seconds`` (the database's clock)."""

    def insert_many(self, table: str, rows: Sequence[tuple[str, bytes]]) -> None:
        """Insert several rows at once (existing keys are left as they are)."""
        for key, value in rows:
            self.insert(table, key, value)

    def close(self) -> None:  # noqa: B027 - optional hook: memory tables hold no connection
        """Release connections (nothing to do by default)."""


class MemorySecretTables(SecretTables):
    """Dictionaries, for tests and the in-memory backend."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, bytes]] = {t: {} for t in TABLES}
        self._erasures = 0
        self._lock = threading.Lock()

    def insert(self, table: str, key: str, value: bytes) -> bool:
        with self._lock:
            return self._rows[table].setdefault(key, value) is value

    def get(self, table: str, key: str) -> bytes | None:
        return self._rows[table].get(key)

    def delete(self, table: str, key: str) -> bool:
        with self._lock:
            return self._rows[table].pop(key, None) is not None

    def erase(self, table: str, key: str) -> bool:
        with self._lock:
            self._erasures += 1
            return self._rows[table].pop(key, None) is not None

    def erasure_generation(self) -> int:
        return self._erasures

    def recent_keys(self, table: str, within_seconds: float) -> list[str]:
        # No creation times in memory: every row counts as recent (tests and demos only).
        with self._lock:
            return list(self._rows[table])


class SQLiteSecretTables(SecretTables):
    """Tables in the ledger's SQLite file, through one serialised connection."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(
            path, check_same_thread=False, timeout=10, isolation_level=None
        )
        # Overwrite deleted rows with zeros, so an erased key does not linger in free pages.
        self._conn.execute("PRAGMA secure_delete = ON")
        self._lock = threading.Lock()
        with self._lock:
            for table in TABLES:
                self._conn.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, "
                    "value BLOB NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
                )
            self._conn.execute(
                f"CREATE TABLE IF NOT EXISTS {ERASURES} (id INTEGER PRIMARY KEY CHECK (id = 1), "
                "generation INTEGER NOT NULL)"
            )
            self._conn.execute(f"INSERT OR IGNORE INTO {ERASURES} VALUES (1, 0)")

    def insert(self, table: str, key: str, value: bytes) -> bool:
        assert table in TABLES
        with self._lock:
            cursor = self._conn.execute(
                f"INSERT OR IGNORE INTO {table} (key, value) VALUES (?, ?)", (key, value)
            )
            return cursor.rowcount == 1

    def insert_many(self, table: str, rows: Sequence[tuple[str, bytes]]) -> None:
        assert table in TABLES
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                self._conn.executemany(
                    f"INSERT OR IGNORE INTO {table} (key, value) VALUES (?, ?)", list(rows)
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def get(self, table: str, key: str) -> bytes | None:
        assert table in TABLES
        with self._lock:
            row = self._conn.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def delete(self, table: str, key: str) -> bool:
        assert table in TABLES
        with self._lock:
            cursor = self._conn.execute(f"DELETE FROM {table} WHERE key = ?", (key,))
            return cursor.rowcount == 1

    def erase(self, table: str, key: str) -> bool:
        assert table in TABLES
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._conn.execute(f"DELETE FROM {table} WHERE key = ?", (key,))
                self._conn.execute(f"UPDATE {ERASURES} SET generation = generation + 1")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return cursor.rowcount == 1

    def erasure_generation(self) -> int:
        with self._lock:
            row = self._conn.execute(f"SELECT generation FROM {ERASURES}").fetchone()
        return int(row[0])

    def recent_keys(self, table: str, within_seconds: float) -> list[str]:
        assert table in TABLES
        with self._lock:
            rows = self._conn.execute(
                f"SELECT key FROM {table} WHERE created_at >= datetime('now', ?)",
                (f"-{int(within_seconds) + 1} seconds",),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def close(self) -> None:
        self._conn.close()


class PostgresSecretTables(SecretTables):
    """Tables in the ledger's PostgreSQL database and schema, through a small pool."""

    def __init__(self, env: dict[str, str]) -> None:
        self._schema = env.get("POSTGRES_SCHEMA", "public")
        conninfo = make_conninfo(
            dbname=env["POSTGRES_DBNAME"],
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=env.get("POSTGRES_CONNECT_TIMEOUT", "5"),
        )
        self._pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=int(env.get("POSTGRES_POOL_SIZE", "5")),
            kwargs={"autocommit": True},
            timeout=float(env.get("POSTGRES_CONNECT_TIMEOUT", "5")),
            open=True,
        )
        try:
            with self._pool.connection() as conn:
                for table in TABLES:
                    conn.execute(
                        sql.SQL(
                            "CREATE TABLE IF NOT EXISTS {} (key text PRIMARY KEY,"
                            " value bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
                        ).format(self._table(table))
                    )
                conn.execute(
                    sql.SQL(
                        "CREATE TABLE IF NOT EXISTS {} (id int PRIMARY KEY CHECK (id = 1),"
                        " generation bigint NOT NULL)"
                    ).format(self.erasures_table)
                )
                conn.execute(
                    sql.SQL("INSERT INTO {} VALUES (1, 0) ON CONFLICT (id) DO NOTHING").format(
                        self.erasures_table
                    )
                )
        except psycopg.Error as e:
            self._pool.close()
            # The library's error, so bootstrap reports it like the event store's own failures.
            raise OperationalError(str(e)) from e

    def _table(self, table: str) -> sql.Identifier:
        assert table in TABLES
        return sql.Identifier(self._schema, table)

    @property
    def erasures_table(self) -> sql.Identifier:
        """The erasure counter's table (read by the verification answers' version stamp)."""
        return sql.Identifier(self._schema, ERASURES)

    def insert(self, table: str, key: str, value: bytes) -> bool:
        with self._pool.connection() as conn:
            cursor = conn.execute(
                sql.SQL(
                    "INSERT INTO {} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING"
                ).format(self._table(table)),
                (key, value),
            )
            return cursor.rowcount == 1

    def insert_many(self, table: str, rows: Sequence[tuple[str, bytes]]) -> None:
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(
                sql.SQL(
                    "INSERT INTO {} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING"
                ).format(self._table(table)),
                list(rows),
            )

    def get(self, table: str, key: str) -> bytes | None:
        with self._pool.connection() as conn:
            row = conn.execute(
                sql.SQL("SELECT value FROM {} WHERE key = %s").format(self._table(table)), (key,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    def delete(self, table: str, key: str) -> bool:
        with self._pool.connection() as conn:
            cursor = conn.execute(
                sql.SQL("DELETE FROM {} WHERE key = %s").format(self._table(table)), (key,)
            )
            return cursor.rowcount == 1

    def erase(self, table: str, key: str) -> bool:
        with self._pool.connection() as conn, conn.transaction():
            cursor = conn.execute(
                sql.SQL("DELETE FROM {} WHERE key = %s").format(self._table(table)), (key,)
            )
            conn.execute(
                sql.SQL("UPDATE {} SET generation = generation + 1").format(self.erasures_table)
            )
            return cursor.rowcount == 1

    def erasure_generation(self) -> int:
        with self._pool.connection() as conn:
            row = conn.execute(
                sql.SQL("SELECT generation FROM {}").format(self.erasures_table)
            ).fetchone()
        assert row is not None
        return int(row[0])

    def recent_keys(self, table: str, within_seconds: float) -> list[str]:
        with self._pool.connection() as conn:
            rows = conn.execute(
                sql.SQL(
                    "SELECT key FROM {} WHERE created_at >= now() - make_interval(secs => %s)"
                ).format(self._table(table)),
                (float(within_seconds),),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def close(self) -> None:
        self._pool.close()


def open_secret_tables(settings: Settings) -> SecretTables:
    """The tables for the configured backend (created on first use)."""
    if settings.backend == "memory":
        return MemorySecretTables()
    if settings.backend == "sqlite":
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return SQLiteSecretTables(settings.sqlite_path)
    return PostgresSecretTables(settings.ledger_env())
