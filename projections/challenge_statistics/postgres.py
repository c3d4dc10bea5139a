"""PostgreSQL challenge statistics view; tables are prefixed with the projection name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from projections.base import Change
from projections.challenge_statistics.view import (
    COUNTERS,
    ChallengeStatistics,
    ChallengeStatisticsView,
    totals,
)


class PostgresChallengeStatisticsView(PostgresTrackingRecorder, ChallengeStatisticsView):
    """Table ``challenge_statistics_rows``; upserts and tracking share one transaction."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "challenge_statistics_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        self.table = (Identifier(datastore.schema), Identifier("challenge_statistics_rows"))
        columns = SQL(", ").join(
            SQL("{} bigint NOT NULL DEFAULT 0").format(Identifier(c)) for c in COUNTERS
        )
        self.sql_create_statements.append(
            SQL("CREATE TABLE IF NOT EXISTS {}.{} (challenge_id text PRIMARY KEY, {})").format(
                *self.table, columns
            )
        )
        names = SQL(", ").join(Identifier(c) for c in COUNTERS)
        self._upsert = SQL(
            "INSERT INTO {}.{} (challenge_id, {}) VALUES (%s, {}) "
            "ON CONFLICT (challenge_id) DO UPDATE SET {}"
        ).format(
            *self.table,
            names,
            SQL(", ").join(SQL("%s") for _ in COUNTERS),
            SQL(", ").join(
                SQL("{0} = {1}.{0} + excluded.{0}").format(Identifier(c), self.table[1])
                for c in COUNTERS
            ),
        )
        self._select = SQL("SELECT challenge_id, {} FROM {}.{}").format(names, *self.table)

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Upsert the summed changes and record tracking in one transaction."""
        rows = [(cid, *(sums.get(c, 0) for c in COUNTERS)) for cid, sums in totals(changes).items()]
        with self.datastore.transaction(commit=True) as curs:
            if rows:
                curs.executemany(self._upsert, rows)
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

    def get_statistics(self, challenge_id: str) -> ChallengeStatistics:
        """Counts for one challenge."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select + SQL(" WHERE challenge_id = %s"), (challenge_id,))
            row = curs.fetchone()
        return self._row(row) if row else ChallengeStatistics(challenge_id)

    def list_statistics(self) -> list[ChallengeStatistics]:
        """Counts for every challenge served, sorted by id."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select + SQL(" ORDER BY challenge_id"))
            return [self._row(r) for r in curs.fetchall()]

    @staticmethod
    def _row(row: Any) -> ChallengeStatistics:
        return ChallengeStatistics(row["challenge_id"], **{c: int(row[c]) for c in COUNTERS})
