"""In-memory challenge statistics view (tests and ``memory://``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.base import Change
from projections.challenge_statistics.view import (
    ChallengeStatistics,
    ChallengeStatisticsView,
    totals,
)


class POPOChallengeStatisticsView(POPOTrackingRecorder, ChallengeStatisticsView):
    """Rows in a dict, guarded by the recorder's lock so changes and tracking move together."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, Counter[str]] = {}

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes and the tracking under one lock (checked before any write)."""
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            updated = {
                cid: self._rows.get(cid, Counter()) + Counter(sums)
                for cid, sums in totals(changes).items()
            }
            self._insert_tracking(tracking)
            self._rows.update(updated)

    def reset(self, application_name: str) -> None:
        """Forget every row and the tracking position."""
        with self._database_lock:
            self._rows.clear()
            self._max_tracking_ids.pop(application_name, None)

    def get_statistics(self, challenge_id: str) -> ChallengeStatistics:
        """Counts for one challenge."""
        with self._database_lock:
            return ChallengeStatistics(challenge_id, **self._rows.get(challenge_id, Counter()))

    def list_statistics(self) -> list[ChallengeStatistics]:
        """Counts for every challenge served, sorted by id."""
        with self._database_lock:
            return [ChallengeStatistics(k, **self._rows[k]) for k in sorted(self._rows)]
