"""SQLite session board view (the embedded default), in the view's own file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from projections.base import Change
from projections.session_board.view import BoardRow, Key, SessionBoardView, encode, fold


class SQLiteSessionBoardView(SQLiteTrackingRecorder, SessionBoardView):
    """One table of JSON documents by (kind, key), indexed by session."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table plus the documents table."""
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS session_board (kind TEXT NOT NULL, key TEXT NOT NULL, "
            "session_id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID",
            "CREATE INDEX IF NOT EXISTS session_board_session ON session_board (session_id)",
        ]

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Fold the changes over the stored documents and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as c:

            def load(key: Key) -> tuple[str, dict[str, Any]] | None:
                c.execute(
                    "SELECT session_id, doc FROM session_board WHERE kind = ? AND key = ?", key
                )
                row = c.fetchone()
                return None if row is None else (row[0], json.loads(row[1]))

            writes, deletes = fold(changes, load)
            for (kind, key), (session_id, doc) in writes.items():
                c.execute(
                    "INSERT OR REPLACE INTO session_board VALUES (?, ?, ?, ?)",
                    (kind, key, session_id, encode(doc)),
                )
            for kind, key in deletes:
                c.execute("DELETE FROM session_board WHERE kind = ? AND key = ?", (kind, key))
            self._insert_tracking(c, tracking)

    def reset(self, application_name: str) -> None:
        """Empty the table and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as c:
            c.execute("DELETE FROM session_board")
            c.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))

    def session_rows(self, session_id: UUID) -> list[BoardRow]:
        """The documents of one session."""
        return self._rows("WHERE session_id = ?", (str(session_id),))

    def all_rows(self) -> list[BoardRow]:
        """Every document, sorted by kind and key."""
        return self._rows("", ())

    def _rows(self, where: str, params: tuple[Any, ...]) -> list[BoardRow]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT kind, key, session_id, doc FROM session_board {where} ORDER BY kind, key",
                params,
            )
            return [BoardRow(*r) for r in c.fetchall()]
