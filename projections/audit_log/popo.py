"""In-memory audit log (tests and ``memory://``)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.audit_log.view import (
    AuditLogView,
    LoggedEntry,
    StoredCheckpoint,
    entries_of,
    plan_nodes,
)
from projections.base import Change


class POPOAuditLogView(POPOTrackingRecorder, AuditLogView):
    """Lists and dicts under the recorder's lock."""

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[LoggedEntry] = []
        self._by_position: dict[int, int] = {}
        self._nodes: dict[tuple[int, int], bytes] = {}
        self._checkpoints: dict[int, StoredCheckpoint] = {}

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Append the leaves, close the subtrees, record tracking."""
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            size = len(self._entries)
            new = [
                LoggedEntry(size + i, e, e.leaf_hash()) for i, e in enumerate(entries_of(changes))
            ]
            rows = plan_nodes(size, self._node, [n.leaf_hash for n in new])
            self._entries.extend(new)
            self._by_position.update((n.entry.position, n.index) for n in new)
            self._nodes.update(((lvl, i), h) for lvl, i, h in rows)
            self._insert_tracking(tracking)

    def reset(self, application_name: str) -> None:
        """Forget leaves and subtrees (checkpoints are kept) and the tracking position."""
        with self._database_lock:
            self._entries.clear()
            self._by_position.clear()
            self._nodes.clear()
            self._max_tracking_ids.pop(application_name, None)

    def _node(self, level: int, index: int) -> bytes:
        return self._entries[index].leaf_hash if level == 0 else self._nodes[(level, index)]

    def size(self) -> int:
        """How many events the log holds."""
        return len(self._entries)

    def node(self, level: int, index: int) -> bytes:
        """A complete subtree's hash."""
        with self._database_lock:
            return self._node(level, index)

    def entries(self, start: int, end: int) -> list[LoggedEntry]:
        """Leaves in ``[start, end)``."""
        with self._database_lock:
            return self._entries[start:end]

    def index_of(self, position: int) -> int | None:
        """The leaf index of a notification position."""
        return self._by_position.get(position)

    def entries_at(self, positions: Sequence[int]) -> list[LoggedEntry]:
        """Leaves of these positions."""
        with self._database_lock:
            found = (self._by_position.get(p) for p in positions)
            return [self._entries[i] for i in found if i is not None]

    def positions_of(self, originator_ids: Sequence[UUID]) -> dict[tuple[UUID, int], int]:
        """Positions of these aggregates' logged events."""
        wanted = set(originator_ids)
        with self._database_lock:
            return {
                e.entry.key(): e.entry.position
                for e in self._entries
                if e.entry.originator_id in wanted
            }

    def add_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        """Keep a checkpoint."""
        with self._database_lock:
            self._checkpoints.setdefault(checkpoint.size, checkpoint)

    def checkpoints(self) -> list[StoredCheckpoint]:
        """Oldest first."""
        with self._database_lock:
            return [self._checkpoints[s] for s in sorted(self._checkpoints)]
