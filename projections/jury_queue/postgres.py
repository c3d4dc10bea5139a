"""PostgreSQL jury queue view: one jsonb row per key and table, merged on upsert."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier
from psycopg.types.json import Jsonb

from projections.base import Change
from projections.jury_queue.view import UPSERT, Counts, JuryQueueView, Row


class PostgresJuryQueueView(PostgresTrackingRecorder, JuryQueueView):
    """Table ``jury_queue_rows``; changes and tracking share one transaction."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "jury_queue_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        self.table = (Identifier(datastore.schema), Identifier("jury_queue_rows"))
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} (tbl text NOT NULL, key text NOT NULL, "
                "doc jsonb NOT NULL, PRIMARY KEY (tbl, key))"
            ).format(*self.table)
        )
        # jsonb || merges the new fields into the row (a null value is kept: read as None).
        self._upsert = SQL(
            "INSERT INTO {0}.{1} (tbl, key, doc) VALUES (%s, %s, %s) "
            "ON CONFLICT (tbl, key) DO UPDATE SET doc = {1}.doc || excluded.doc"
        ).format(*self.table)
        self._delete = SQL("DELETE FROM {}.{} WHERE tbl = %s AND key = %s").format(*self.table)

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes in order and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as curs:
            for change in changes:
                if change[0] == UPSERT:
                    curs.execute(self._upsert, (change[1], change[2], Jsonb(change[3])))
                else:
                    curs.execute(self._delete, (change[1], change[2]))
            self._insert_tracking(curs, tracking)

    def reset(self, application_name: str) -> None:
        """Empty the rows and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("DELETE FROM {}.{}").format(*self.table))
            curs.execute(
                SQL("DELETE FROM {}.{} WHERE application_name = %s").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                ),
                (application_name,),
            )

    def counts(self) -> dict[str, Counts]:
        """Grouped by session in the database."""
        courses = SQL(
            "SELECT doc->>'session_id' AS sid, count(*) AS n, "
            "count(*) FILTER (WHERE coalesce(doc->>'status', 'error') = 'error') AS errors "
            "FROM {}.{} WHERE tbl = 'courses' GROUP BY 1"
        ).format(*self.table)
        reports = SQL(
            "SELECT doc->>'session_id' AS sid, count(*) AS n, "
            "count(*) FILTER (WHERE (doc->>'impactful')::boolean) AS impactful, "
            "count(*) FILTER (WHERE (doc->>'impactful')::boolean "
            "AND NOT coalesce((doc->>'resolved')::boolean, false)) AS unresolved "
            "FROM {}.{} WHERE tbl = 'reports' GROUP BY 1"
        ).format(*self.table)
        found: dict[str, list[int]] = {}
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(courses)
            for r in curs.fetchall():
                found[str(r["sid"])] = [int(r["n"]), int(r["errors"]), 0, 0, 0]
            curs.execute(reports)
            for r in curs.fetchall():
                tally = found.setdefault(str(r["sid"]), [0, 0, 0, 0, 0])
                tally[2:] = [int(r["n"]), int(r["impactful"]), int(r["unresolved"])]
        return {sid: Counts(*tally) for sid, tally in found.items()}

    def rows(self, table: str) -> list[Row]:
        """Every row of ``table``."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL("SELECT key, doc FROM {}.{} WHERE tbl = %s").format(*self.table), (table,)
            )
            return [{**r["doc"], "key": r["key"]} for r in curs.fetchall()]
