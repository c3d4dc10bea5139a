"""SQLite jury queue view (the embedded default): one JSON row per key and table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from projections.base import Change
from projections.jury_queue.view import UPSERT, Counts, JuryQueueView, Row

# json_patch merges the new fields into the row (a null value removes a field: read as None).
_UPSERT = (
    "INSERT INTO jury_queue (tbl, key, doc) VALUES (?, ?, ?) "
    "ON CONFLICT (tbl, key) DO UPDATE SET doc = json_patch(doc, excluded.doc)"
)


_COUNT_COURSES = (
    "SELECT json_extract(doc, '$.session_id'), count(*), "
    "sum(coalesce(json_extract(doc, '$.status'), 'error') = 'error') "
    "FROM jury_queue WHERE tbl = 'courses' GROUP BY 1"
)
_COUNT_REPORTS = (
    "SELECT json_extract(doc, '$.session_id'), count(*), "
    "sum(coalesce(json_extract(doc, '$.impactful'), 0)), "
    "sum(coalesce(json_extract(doc, '$.impactful'), 0) "
    "AND NOT coalesce(json_extract(doc, '$.resolved'), 0)) "
    "FROM jury_queue WHERE tbl = 'reports' GROUP BY 1"
)


class SQLiteJuryQueueView(SQLiteTrackingRecorder, JuryQueueView):
    """Table ``jury_queue (tbl, key, doc)``; changes and tracking share one transaction."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table plus the queue's rows."""
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS jury_queue (tbl TEXT NOT NULL, key TEXT NOT NULL, "
            "doc TEXT NOT NULL, PRIMARY KEY (tbl, key)) WITHOUT ROWID",
        ]

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes in order and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as c:
            for change in changes:
                if change[0] == UPSERT:
                    c.execute(_UPSERT, (change[1], change[2], json.dumps(change[3])))
                else:
                    c.execute("DELETE FROM jury_queue WHERE tbl = ? AND key = ?", change[1:3])
            self._insert_tracking(c, tracking)

    def reset(self, application_name: str) -> None:
        """Empty the rows and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as c:
            c.execute("DELETE FROM jury_queue")
            c.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))

    def counts(self) -> dict[str, Counts]:
        """Grouped by session in the database."""
        found: dict[str, list[int]] = {}
        with self.datastore.transaction(commit=False) as c:
            c.execute(_COUNT_COURSES)
            for sid, courses, errors in c.fetchall():
                found[str(sid)] = [int(courses), int(errors), 0, 0, 0]
            c.execute(_COUNT_REPORTS)
            for sid, reports, impactful, unresolved in c.fetchall():
                tally = found.setdefault(str(sid), [0, 0, 0, 0, 0])
                tally[2:] = [int(reports), int(impactful), int(unresolved)]
        return {sid: Counts(*tally) for sid, tally in found.items()}

    def rows(self, table: str) -> list[Row]:
        """Every row of ``table``."""
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT key, doc FROM jury_queue WHERE tbl = ?", (table,))
            return [{**json.loads(doc), "key": key} for key, doc in c.fetchall()]
