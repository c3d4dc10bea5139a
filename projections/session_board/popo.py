"""In-memory session board view (tests and ``memory://``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.base import Change
from projections.session_board.view import BoardRow, Key, SessionBoardView, encode, fold


class POPOSessionBoardView(POPOTrackingRecorder, SessionBoardView):
    """Documents in a dict guarded by the recorder's lock, so rows and tracking move together."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[Key, tuple[str, str]] = {}

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Fold the changes over the stored documents, then record tracking, under one lock."""
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            writes, deletes = fold(changes, self._load)
            rows = dict(self._rows)
            for key, (session_id, doc) in writes.items():
                rows[key] = (session_id, encode(doc))
            for key in deletes:
                rows.pop(key, None)
            self._insert_tracking(tracking)
            self._rows = rows

    def _load(self, key: Key) -> tuple[str, dict[str, Any]] | None:
        found = self._rows.get(key)
        return None if found is None else (found[0], json.loads(found[1]))

    def reset(self, application_name: str) -> None:
        """Forget every document and the tracking position."""
        with self._database_lock:
            self._rows = {}
            self._max_tracking_ids.pop(application_name, None)

    def session_rows(self, session_id: UUID) -> list[BoardRow]:
        """The documents of one session."""
        return [r for r in self.all_rows() if r.session_id == str(session_id)]

    def all_rows(self) -> list[BoardRow]:
        """Every document, sorted by kind and key."""
        with self._database_lock:
            rows = dict(self._rows)
        return [BoardRow(k, key, sid, doc) for (k, key), (sid, doc) in sorted(rows.items())]
