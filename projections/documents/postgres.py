"""PostgreSQL documents view; the table is named after the read model."""

from __future__ import annotations

import json
from abc import ABC
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from projections.base import Change
from projections.documents.store import BatchDocuments, DocumentsView, dumps


class _Docs:
    def __init__(self, cursor: Any, select: Any, upsert: Any) -> None:
        self.c, self.select, self.upsert = cursor, select, upsert

    def get(self, kind: str, id: str) -> tuple[str, dict[str, Any]] | None:
        self.c.execute(self.select, (kind, id))
        row = self.c.fetchone()
        return None if row is None else (str(row["scope"]), json.loads(row["data"]))

    def put(self, kind: str, id: str, scope: str, data: dict[str, Any]) -> None:
        self.c.execute(self.upsert, (kind, id, scope, dumps(data)))

    def put_many(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.c.executemany(self.upsert, rows)


class PostgresDocumentsView(PostgresTrackingRecorder, DocumentsView, ABC):
    """The read model's table (``table_name``) in the schema; one transaction per batch."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, **kwargs)
        table = (Identifier(datastore.schema), Identifier(self.table_name))
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} (kind text NOT NULL, id text NOT NULL, "
                "scope text NOT NULL, data text NOT NULL, PRIMARY KEY (kind, id))"
            ).format(*table),
            SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} (kind, scope)").format(
                Identifier(f"{self.table_name}_scope"), *table
            ),
        ]
        self._table = table
        self._select = SQL("SELECT scope, data FROM {}.{} WHERE kind = %s AND id = %s").format(
            *table
        )
        self._upsert = SQL(
            "INSERT INTO {}.{} (kind, id, scope, data) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (kind, id) DO UPDATE SET scope = excluded.scope, data = excluded.data"
        ).format(*table)
        self._list = SQL(
            "SELECT id, data FROM {}.{} WHERE kind = %s AND scope = %s ORDER BY id"
        ).format(*table)
        self._all = SQL("SELECT kind, id, scope, data FROM {}.{} ORDER BY kind, id").format(*table)

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as curs:
            docs = BatchDocuments(_Docs(curs, self._select, self._upsert))
            for change in changes:
                self.apply_change(docs, change)
            docs.flush()
            self._insert_tracking(curs, tracking)

    def reset(self, application_name: str) -> None:
        """Empty the table and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("DELETE FROM {}.{}").format(*self._table))
            curs.execute(
                SQL("DELETE FROM {}.{} WHERE application_name = %s").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                ),
                (application_name,),
            )

    def document(self, kind: str, id: str) -> dict[str, Any] | None:
        """One document's data, or None."""
        with self.datastore.transaction(commit=False) as curs:
            found = _Docs(curs, self._select, self._upsert).get(kind, id)
        return None if found is None else found[1]

    def documents(self, kind: str, scope: str) -> list[tuple[str, dict[str, Any]]]:
        """Documents of ``kind`` in ``scope``, by id."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._list, (kind, scope))
            return [(str(r["id"]), json.loads(r["data"])) for r in curs.fetchall()]

    def all_documents(self) -> list[tuple[str, str, str, str]]:
        """Every row, sorted."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._all)
            return [(r["kind"], r["id"], r["scope"], r["data"]) for r in curs.fetchall()]
