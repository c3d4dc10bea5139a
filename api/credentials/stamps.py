"""The version stamp of everything a verification answer is made of, read in one statement.

An answer by code depends on three stores, and each has a number that moves whenever what the
answer shows could change, written by any process in the same transaction as the change:

- the certificates view's tracked position (publication, unpublication, cancellation, a later
  result: every change to the view's rows commits with its tracking position);
- the personal-data vault's erasure generation (``secret_erasures``, bumped by each erasure);
- the audit log's latest checkpoint size (a new checkpoint may cover the result event and
  changes the receipt).

``read()`` returns the three together; an answer kept with an equal stamp is still exact.
SQLite reads them from one read-only connection with the view's and the log's files attached;
PostgreSQL from one statement (all tables live in one database and schema); memory from the
objects themselves.
"""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from psycopg import sql

from api.bootstrap import Container
from api.storage.secret_tables import ERASURES, PostgresSecretTables, SecretTables

Stamp = tuple[int, int, int]
"""(certificates view position, erasure generation, latest checkpoint size)."""


class Stamps(ABC):
    @abstractmethod
    def read(self) -> Stamp:
        """The current stamp (one statement where the backend has statements)."""

    def close(self) -> None:  # noqa: B027 - optional: memory stamps hold no connection
        """Release the connection."""


class MemoryStamps(Stamps):
    """In-process stores: the objects are the only writers, so reading them is exact."""

    def __init__(self, view: Any, app_name: str, tables: SecretTables, audit_view: Any) -> None:
        self.view, self.app_name, self.tables, self.audit_view = view, app_name, tables, audit_view

    def read(self) -> Stamp:
        latest = self.audit_view.latest_checkpoint() if self.audit_view is not None else None
        return (
            self.view.max_tracking_id(self.app_name) or 0,
            self.tables.erasure_generation(),
            latest.size if latest is not None else 0,
        )


class SQLiteStamps(Stamps):
    """The ledger file (vault) with the view's and the audit log's files attached, read-only."""

    def __init__(self, ledger: Path, certificates: Path, audit: Path | None, app_name: str):
        self._conn = sqlite3.connect(
            f"{ledger.resolve().as_uri()}?mode=ro",
            uri=True,
            check_same_thread=False,
            isolation_level=None,
            timeout=10,
        )
        self._conn.execute("ATTACH DATABASE ? AS certificates", (_ro(certificates),))
        checkpoints = "0"
        if audit is not None:
            self._conn.execute("ATTACH DATABASE ? AS audit", (_ro(audit),))
            checkpoints = "(SELECT max(size) FROM audit.audit_log_checkpoints)"
        self._statement = (
            "SELECT (SELECT notification_id FROM certificates.tracking"
            " WHERE application_name = ?),"
            f" (SELECT generation FROM main.{ERASURES}), {checkpoints}"
        )
        self._params = (app_name,)
        self._lock = threading.Lock()

    def read(self) -> Stamp:
        with self._lock:
            row = self._conn.execute(self._statement, self._params).fetchone()
        return (row[0] or 0, row[1] or 0, row[2] or 0)

    def close(self) -> None:
        self._conn.close()


def _ro(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


class PostgresStamps(Stamps):
    """One statement over the certificates view's pool."""

    def __init__(self, view: Any, app_name: str, tables: PostgresSecretTables, audit: Any):
        self.datastore = view.datastore
        schema = self.datastore.schema or "public"
        checkpoints: sql.Composable = sql.SQL("0")
        if audit is not None:
            checkpoints = sql.SQL("(SELECT max(size) FROM {}.{})").format(*audit.t_checkpoints)
        self._statement = sql.SQL(
            "SELECT (SELECT notification_id FROM {} WHERE application_name = %s),"
            " (SELECT generation FROM {}), {}"
        ).format(
            sql.Identifier(schema, view.tracking_table_name), tables.erasures_table, checkpoints
        )
        self._params = (app_name,)

    def read(self) -> Stamp:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._statement, self._params)
            row = cursor.fetchone()
        assert row is not None
        values = list(row.values()) if isinstance(row, dict) else list(row)
        return (values[0] or 0, values[1] or 0, values[2] or 0)


def stamps_for(container: Container) -> Stamps:
    """The stamps of the container's backend."""
    settings = container.settings
    view = container.view("certificates")
    audit_view = container.audit.view if container.audit is not None else None
    assert container.auth is not None
    tables = container.auth.tables
    app_name = container.ledger.name
    if settings.backend == "sqlite":
        return SQLiteStamps(
            settings.sqlite_path,
            Path(settings.store_env("certificates")["SQLITE_DBNAME"]),
            Path(settings.store_env("audit_log")["SQLITE_DBNAME"]) if audit_view else None,
            app_name,
        )
    if settings.backend == "postgres":
        assert isinstance(tables, PostgresSecretTables)
        return PostgresStamps(view, app_name, tables, audit_view)
    return MemoryStamps(view, app_name, tables, audit_view)
