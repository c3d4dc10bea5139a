"""PostgreSQL session board view; the table is prefixed with the projection name."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Composed, Identifier

from projections.base import Change
from projections.session_board.view import BoardRow, Key, SessionBoardView, encode, fold


class PostgresSessionBoardView(PostgresTrackingRecorder, SessionBoardView):
    """Table ``session_board_docs``: JSON documents by (kind, key), indexed by session."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "session_board_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        self.table = (Identifier(datastore.schema), Identifier("session_board_docs"))
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} (kind text NOT NULL, key text NOT NULL, "
                "session_id text NOT NULL, doc text NOT NULL, PRIMARY KEY (kind, key))"
            ).format(*self.table),
            SQL(
                "CREATE INDEX IF NOT EXISTS session_board_docs_session ON {}.{} (session_id)"
            ).format(*self.table),
        ]
        self._load = SQL("SELECT session_id, doc FROM {}.{} WHERE kind = %s AND key = %s").format(
            *self.table
        )
        self._upsert = SQL(
            "INSERT INTO {}.{} VALUES (%s, %s, %s, %s) ON CONFLICT (kind, key) "
            "DO UPDATE SET session_id = excluded.session_id, doc = excluded.doc"
        ).format(*self.table)
        self._delete = SQL("DELETE FROM {}.{} WHERE kind = %s AND key = %s").format(*self.table)
        self._select = SQL("SELECT kind, key, session_id, doc FROM {}.{} ").format(*self.table)
        self._order = SQL(" ORDER BY kind, key")

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Fold the changes over the stored documents and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as curs:

            def load(key: Key) -> tuple[str, dict[str, Any]] | None:
                curs.execute(self._load, key)
                row = curs.fetchone()
                return None if row is None else (row["session_id"], json.loads(row["doc"]))

            writes, deletes = fold(changes, load)
            for (kind, key), (session_id, doc) in writes.items():
                curs.execute(self._upsert, (kind, key, session_id, encode(doc)))
            for gone in deletes:
                curs.execute(self._delete, gone)
            self._insert_tracking(curs, tracking)

    def reset(self, application_name: str) -> None:
        """Empty the table and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("DELETE FROM {}.{}").format(*self.table))
            curs.execute(
                SQL("DELETE FROM {}.{} WHERE application_name = %s").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                ),
                (application_name,),
            )

    def session_rows(self, session_id: UUID) -> list[BoardRow]:
        """The documents of one session."""
        return self._rows(
            self._select + SQL("WHERE session_id = %s") + self._order, (str(session_id),)
        )

    def all_rows(self) -> list[BoardRow]:
        """Every document, sorted by kind and key."""
        return self._rows(self._select + self._order, ())

    def _rows(self, query: Composed, params: tuple[Any, ...]) -> list[BoardRow]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(query, params)
            return [BoardRow(**r) for r in curs.fetchall()]
