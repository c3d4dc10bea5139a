"""SQLite audit log (the embedded default), in the view's own file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from domain.audit.leaf import LogEntry
from projections.audit_log.view import (
    AuditLogView,
    LoggedEntry,
    StoredCheckpoint,
    entries_of,
    plan_nodes,
)
from projections.base import Change

_ENTRY_COLUMNS = "idx, position, originator_id, version, topic, state_sha256, leaf_hash"


class SQLiteAuditLogView(SQLiteTrackingRecorder, AuditLogView):
    """Tables ``audit_log_entries``, ``audit_log_nodes`` and ``audit_log_checkpoints``."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table plus the log's three tables."""
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS audit_log_entries (idx INTEGER PRIMARY KEY, "
            "position INTEGER NOT NULL UNIQUE, originator_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, topic TEXT NOT NULL, state_sha256 BLOB NOT NULL, "
            "leaf_hash BLOB NOT NULL)",
            "CREATE INDEX IF NOT EXISTS audit_log_entries_originator "
            "ON audit_log_entries (originator_id, version)",
            "CREATE TABLE IF NOT EXISTS audit_log_nodes (level INTEGER NOT NULL, "
            "idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS audit_log_checkpoints (size INTEGER PRIMARY KEY, "
            "root BLOB NOT NULL, note TEXT NOT NULL, issued_at TEXT NOT NULL)",
        ]

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Append leaves and closed subtrees, and record tracking, in one transaction."""
        entries = entries_of(changes)
        with self.datastore.transaction(commit=True) as c:
            c.execute("SELECT coalesce(max(idx) + 1, 0) FROM audit_log_entries")
            size = int(c.fetchone()[0])

            def frontier(level: int, index: int) -> bytes:
                if level == 0:
                    c.execute("SELECT leaf_hash FROM audit_log_entries WHERE idx = ?", (index,))
                else:
                    c.execute(
                        "SELECT hash FROM audit_log_nodes WHERE level = ? AND idx = ?",
                        (level, index),
                    )
                return bytes(c.fetchone()[0])

            leaves = [e.leaf_hash() for e in entries]
            rows = plan_nodes(size, frontier, leaves)
            c.executemany(
                f"INSERT INTO audit_log_entries ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (size + i, e.position, str(e.originator_id), e.version, e.topic,
                     e.state_sha256, leaf)
                    for i, (e, leaf) in enumerate(zip(entries, leaves, strict=True))
                ],
            )  # fmt: skip
            c.executemany("INSERT INTO audit_log_nodes VALUES (?, ?, ?)", rows)
            self._insert_tracking(c, tracking)

    def reset(self, application_name: str) -> None:
        """Empty leaves and subtrees (checkpoints are kept) and drop the tracking row."""
        with self.datastore.transaction(commit=True) as c:
            c.execute("DELETE FROM audit_log_entries")
            c.execute("DELETE FROM audit_log_nodes")
            c.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))

    def size(self) -> int:
        """How many events the log holds."""
        return int(self._one("SELECT coalesce(max(idx) + 1, 0) FROM audit_log_entries", ())[0])

    def node(self, level: int, index: int) -> bytes:
        """A complete subtree's hash; KeyError if absent."""
        if level == 0:
            row = self._one("SELECT leaf_hash FROM audit_log_entries WHERE idx = ?", (index,))
        else:
            row = self._one(
                "SELECT hash FROM audit_log_nodes WHERE level = ? AND idx = ?", (level, index)
            )
        if row is None:
            raise KeyError((level, index))
        return bytes(row[0])

    def entries(self, start: int, end: int) -> list[LoggedEntry]:
        """Leaves in ``[start, end)``."""
        return self._entries("WHERE idx >= ? AND idx < ? ORDER BY idx", (start, end))

    def entries_at(self, positions: Sequence[int]) -> list[LoggedEntry]:
        """Leaves of these positions."""
        if not positions:
            return []
        marks = ", ".join("?" for _ in positions)
        return self._entries(f"WHERE position IN ({marks}) ORDER BY idx", tuple(positions))

    def _entries(self, clause: str, params: tuple[Any, ...]) -> list[LoggedEntry]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT {_ENTRY_COLUMNS} FROM audit_log_entries {clause}", params)
            rows = c.fetchall()
        return [
            LoggedEntry(r[0], LogEntry(r[1], UUID(r[2]), r[3], r[4], bytes(r[5])), bytes(r[6]))
            for r in rows
        ]

    def index_of(self, position: int) -> int | None:
        """The leaf index of a notification position."""
        row = self._one("SELECT idx FROM audit_log_entries WHERE position = ?", (position,))
        return None if row is None else int(row[0])

    def positions_of(self, originator_ids: Sequence[UUID]) -> dict[tuple[UUID, int], int]:
        """Positions of these aggregates' logged events."""
        if not originator_ids:
            return {}
        marks = ", ".join("?" for _ in originator_ids)
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT originator_id, version, position FROM audit_log_entries "
                f"WHERE originator_id IN ({marks})",
                tuple(str(i) for i in originator_ids),
            )
            rows = c.fetchall()
        return {(UUID(r[0]), int(r[1])): int(r[2]) for r in rows}

    def add_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        """Keep a checkpoint."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                "INSERT OR IGNORE INTO audit_log_checkpoints VALUES (?, ?, ?, ?)",
                (
                    checkpoint.size,
                    checkpoint.root,
                    checkpoint.note,
                    checkpoint.issued_at.isoformat(),
                ),
            )

    def checkpoints(self) -> list[StoredCheckpoint]:
        """Oldest first."""
        return self._checkpoints("ORDER BY size", ())

    def checkpoint(self, size: int) -> StoredCheckpoint | None:
        """The checkpoint of that size, if any."""
        found = self._checkpoints("WHERE size = ?", (size,))
        return found[0] if found else None

    def latest_checkpoint(self) -> StoredCheckpoint | None:
        """The newest checkpoint, if any."""
        found = self._checkpoints("ORDER BY size DESC LIMIT 1", ())
        return found[0] if found else None

    def _checkpoints(self, clause: str, params: tuple[Any, ...]) -> list[StoredCheckpoint]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT size, root, note, issued_at FROM audit_log_checkpoints {clause}", params
            )
            rows = c.fetchall()
        return [
            StoredCheckpoint(r[0], bytes(r[1]), r[2], datetime.fromisoformat(r[3])) for r in rows
        ]

    def _one(self, query: str, params: tuple[Any, ...]) -> Any:
        with self.datastore.transaction(commit=False) as c:
            c.execute(query, params)
            return c.fetchone()
