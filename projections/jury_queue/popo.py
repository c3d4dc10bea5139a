"""In-memory jury queue view (tests and ``memory://``)."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.base import Change
from projections.jury_queue.view import (
    TABLES,
    UPSERT,
    Counts,
    JuryQueueView,
    Row,
    counts_of,
)


class POPOJuryQueueView(POPOTrackingRecorder, JuryQueueView):
    """Rows in dicts, changed under the recorder's lock together with tracking."""

    def __init__(self) -> None:
        super().__init__()
        self._tables: dict[str, dict[str, Row]] = {t: {} for t in TABLES}

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply every change and the tracking, all or nothing."""
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            tables = copy.deepcopy(self._tables)
            for change in changes:
                rows = tables[change[1]]
                if change[0] == UPSERT:
                    rows[change[2]] = {**rows.get(change[2], {"key": change[2]}), **change[3]}
                else:
                    rows.pop(change[2], None)
            self._insert_tracking(tracking)
            self._tables = tables

    def reset(self, application_name: str) -> None:
        """Forget every row and the tracking position."""
        with self._database_lock:
            self._tables = {t: {} for t in TABLES}
            self._max_tracking_ids.pop(application_name, None)

    def counts(self) -> dict[str, Counts]:
        """Counted from the rows in memory."""
        return counts_of(self.rows("courses"), self.rows("reports"))

    def rows(self, table: str) -> list[Row]:
        """Every row of ``table``."""
        with self._database_lock:
            return [dict(r) for r in self._tables[table].values()]
