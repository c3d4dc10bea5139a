"""SQLite documents view (the embedded default): one table per read model."""

from __future__ import annotations

import json
from abc import ABC
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from projections.base import Change
from projections.documents.store import BatchDocuments, DocumentsView, dumps


class _Docs:
    """Documents read and written through one open cursor (one transaction)."""

    def __init__(self, cursor: Any, placeholder: str, table: Any) -> None:
        self.c, self.table = cursor, table
        p = placeholder
        self.select = f"SELECT scope, data FROM {table} WHERE kind = {p} AND id = {p}"
        self.upsert = (
            f"INSERT INTO {table} (kind, id, scope, data) VALUES ({p}, {p}, {p}, {p}) "
            "ON CONFLICT (kind, id) DO UPDATE SET scope = excluded.scope, data = excluded.data"
        )

    def get(self, kind: str, id: str) -> tuple[str, dict[str, Any]] | None:
        self.c.execute(self.select, (kind, id))
        row = self.c.fetchone()
        if row is None:
            return None
        scope, data = (row["scope"], row["data"]) if isinstance(row, dict) else row
        return str(scope), json.loads(data)

    def put(self, kind: str, id: str, scope: str, data: dict[str, Any]) -> None:
        self.c.execute(self.upsert, (kind, id, scope, dumps(data)))

    def put_many(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.c.executemany(self.upsert, rows)


class SQLiteDocumentsView(SQLiteTrackingRecorder, DocumentsView, ABC):
    """One table of JSON documents keyed by (kind, id), indexed by (kind, scope)."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table plus the documents table."""
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {self.table_name} (kind TEXT NOT NULL, id TEXT NOT NULL, "
            "scope TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID",
            f"CREATE INDEX IF NOT EXISTS {self.table_name}_scope "
            f"ON {self.table_name} (kind, scope)",
        ]

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as c:
            docs = BatchDocuments(_Docs(c, "?", self.table_name))
            for change in changes:
                self.apply_change(docs, change)
            docs.flush()
            self._insert_tracking(c, tracking)

    def reset(self, application_name: str) -> None:
        """Empty the table and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {self.table_name}")
            c.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))

    def document(self, kind: str, id: str) -> dict[str, Any] | None:
        """One document's data, or None."""
        with self.datastore.transaction(commit=False) as c:
            found = _Docs(c, "?", self.table_name).get(kind, id)
        return None if found is None else found[1]

    def documents(self, kind: str, scope: str) -> list[tuple[str, dict[str, Any]]]:
        """Documents of ``kind`` in ``scope``, by id."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT id, data FROM {self.table_name} WHERE kind = ? AND scope = ? ORDER BY id",
                (kind, scope),
            )
            return [(str(r[0]), json.loads(r[1])) for r in c.fetchall()]

    def all_documents(self) -> list[tuple[str, str, str, str]]:
        """Every row, sorted."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT kind, id, scope, data FROM {self.table_name} ORDER BY kind, id")
            return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in c.fetchall()]
