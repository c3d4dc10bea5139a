"""SQLite challenge statistics view (the embedded default), in the view's own file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from projections.base import Change
from projections.challenge_statistics.view import (
    COUNTERS,
    ChallengeStatistics,
    ChallengeStatisticsView,
    totals,
)

_COLUMNS = ", ".join(COUNTERS)
_UPSERT = (
    f"INSERT INTO challenge_statistics (challenge_id, {_COLUMNS}) "
    f"VALUES (?, {', '.join('?' for _ in COUNTERS)}) "
    "ON CONFLICT (challenge_id) DO UPDATE SET "
    + ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTERS)
)


class SQLiteChallengeStatisticsView(SQLiteTrackingRecorder, ChallengeStatisticsView):
    """One table keyed by challenge id; upserts and tracking share a transaction."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table plus the statistics table."""
        columns = ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in COUNTERS)
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS challenge_statistics "
            f"(challenge_id TEXT PRIMARY KEY, {columns}) WITHOUT ROWID",
        ]

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Upsert the summed changes and record tracking in one transaction."""
        rows = [(cid, *(sums.get(c, 0) for c in COUNTERS)) for cid, sums in totals(changes).items()]
        with self.datastore.transaction(commit=True) as c:
            if rows:
                c.executemany(_UPSERT, rows)
            self._insert_tracking(c, tracking)

    def reset(self, application_name: str) -> None:
        """Empty the table and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as c:
            c.execute("DELETE FROM challenge_statistics")
            c.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))

    def get_statistics(self, challenge_id: str) -> ChallengeStatistics:
        """Counts for one challenge."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT challenge_id, {_COLUMNS} FROM challenge_statistics WHERE challenge_id = ?",
                (challenge_id,),
            )
            row = c.fetchone()
        return ChallengeStatistics(*row) if row else ChallengeStatistics(challenge_id)

    def list_statistics(self) -> list[ChallengeStatistics]:
        """Counts for every challenge served, sorted by id."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT challenge_id, {_COLUMNS} FROM challenge_statistics ORDER BY challenge_id"
            )
            return [ChallengeStatistics(*row) for row in c.fetchall()]
