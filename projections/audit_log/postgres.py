"""PostgreSQL audit log; tables are prefixed with the projection name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Composed, Identifier

from domain.audit.leaf import LogEntry
from projections.audit_log.view import (
    AuditLogView,
    LoggedEntry,
    StoredCheckpoint,
    entries_of,
    plan_nodes,
)
from projections.base import Change

_ENTRY_COLUMNS = SQL("idx, position, originator_id, version, topic, state_sha256, leaf_hash")


class PostgresAuditLogView(PostgresTrackingRecorder, AuditLogView):
    """Tables ``audit_log_entries``, ``audit_log_nodes`` and ``audit_log_checkpoints``."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "audit_log_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        schema = Identifier(datastore.schema)
        self.t_entries = (schema, Identifier("audit_log_entries"))
        self.t_nodes = (schema, Identifier("audit_log_nodes"))
        self.t_checkpoints = (schema, Identifier("audit_log_checkpoints"))
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} (idx bigint PRIMARY KEY, "
                "position bigint NOT NULL UNIQUE, originator_id uuid NOT NULL, "
                "version bigint NOT NULL, topic text NOT NULL, state_sha256 bytea NOT NULL, "
                "leaf_hash bytea NOT NULL)"
            ).format(*self.t_entries),
            SQL(
                "CREATE INDEX IF NOT EXISTS audit_log_entries_originator ON {}.{} "
                "(originator_id, version)"
            ).format(*self.t_entries),
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} (level int NOT NULL, idx bigint NOT NULL, "
                "hash bytea NOT NULL, PRIMARY KEY (level, idx))"
            ).format(*self.t_nodes),
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} (size bigint PRIMARY KEY, root bytea NOT NULL, "
                "note text NOT NULL, issued_at timestamptz NOT NULL)"
            ).format(*self.t_checkpoints),
        ]
        self._size = SQL("SELECT coalesce(max(idx) + 1, 0) AS n FROM {}.{}").format(*self.t_entries)
        self._leaf = SQL("SELECT leaf_hash AS h FROM {}.{} WHERE idx = %s").format(*self.t_entries)
        self._node = SQL("SELECT hash AS h FROM {}.{} WHERE level = %s AND idx = %s").format(
            *self.t_nodes
        )

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Append leaves and closed subtrees, and record tracking, in one transaction."""
        entries = entries_of(changes)
        with self.datastore.transaction(commit=True) as curs:
            size = int(curs.execute(self._size).fetchone()["n"])  # type: ignore[index]

            def frontier(level: int, index: int) -> bytes:
                if level == 0:
                    row = curs.execute(self._leaf, (index,)).fetchone()
                else:
                    row = curs.execute(self._node, (level, index)).fetchone()
                assert row is not None
                return bytes(row["h"])

            leaves = [e.leaf_hash() for e in entries]
            rows = plan_nodes(size, frontier, leaves)
            if entries:
                curs.executemany(
                    SQL("INSERT INTO {}.{} ({}) VALUES (%s, %s, %s, %s, %s, %s, %s)").format(
                        *self.t_entries, _ENTRY_COLUMNS
                    ),
                    [
                        (size + i, e.position, e.originator_id, e.version, e.topic,
                         e.state_sha256, leaf)
                        for i, (e, leaf) in enumerate(zip(entries, leaves, strict=True))
                    ],
                )  # fmt: skip
            if rows:
                curs.executemany(
                    SQL("INSERT INTO {}.{} VALUES (%s, %s, %s)").format(*self.t_nodes), rows
                )
            self._insert_tracking(curs, tracking)

    def reset(self, application_name: str) -> None:
        """Empty leaves and subtrees (checkpoints are kept) and drop the tracking row."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("DELETE FROM {}.{}").format(*self.t_entries))
            curs.execute(SQL("DELETE FROM {}.{}").format(*self.t_nodes))
            curs.execute(
                SQL("DELETE FROM {}.{} WHERE application_name = %s").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                ),
                (application_name,),
            )

    def size(self) -> int:
        """How many events the log holds."""
        return int(self._fetch(self._size, ())[0]["n"])

    def node(self, level: int, index: int) -> bytes:
        """A complete subtree's hash; KeyError if absent."""
        rows = (
            self._fetch(self._leaf, (index,))
            if level == 0
            else self._fetch(self._node, (level, index))
        )
        if not rows:
            raise KeyError((level, index))
        return bytes(rows[0]["h"])

    def entries(self, start: int, end: int) -> list[LoggedEntry]:
        """Leaves in ``[start, end)``."""
        return self._entries(SQL("WHERE idx >= %s AND idx < %s ORDER BY idx"), (start, end))

    def entries_at(self, positions: Sequence[int]) -> list[LoggedEntry]:
        """Leaves of these positions."""
        return self._entries(SQL("WHERE position = ANY(%s) ORDER BY idx"), (list(positions),))

    def _entries(self, clause: SQL, params: tuple[Any, ...]) -> list[LoggedEntry]:
        rows = self._fetch(
            SQL("SELECT {} FROM {}.{} ").format(_ENTRY_COLUMNS, *self.t_entries) + clause, params
        )
        return [
            LoggedEntry(
                r["idx"],
                LogEntry(r["position"], r["originator_id"], r["version"], r["topic"],
                         bytes(r["state_sha256"])),
                bytes(r["leaf_hash"]),
            )
            for r in rows
        ]  # fmt: skip

    def index_of(self, position: int) -> int | None:
        """The leaf index of a notification position."""
        rows = self._fetch(
            SQL("SELECT idx FROM {}.{} WHERE position = %s").format(*self.t_entries), (position,)
        )
        return int(rows[0]["idx"]) if rows else None

    def positions_of(self, originator_ids: Sequence[UUID]) -> dict[tuple[UUID, int], int]:
        """Positions of these aggregates' logged events."""
        rows = self._fetch(
            SQL(
                "SELECT originator_id, version, position FROM {}.{} WHERE originator_id = ANY(%s)"
            ).format(*self.t_entries),
            (list(originator_ids),),
        )
        return {(r["originator_id"], int(r["version"])): int(r["position"]) for r in rows}

    def add_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        """Keep a checkpoint."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL("INSERT INTO {}.{} VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING").format(
                    *self.t_checkpoints
                ),
                (checkpoint.size, checkpoint.root, checkpoint.note, checkpoint.issued_at),
            )

    def checkpoints(self) -> list[StoredCheckpoint]:
        """Oldest first."""
        return self._checkpoints(SQL("ORDER BY size"), ())

    def checkpoint(self, size: int) -> StoredCheckpoint | None:
        """The checkpoint of that size, if any."""
        found = self._checkpoints(SQL("WHERE size = %s"), (size,))
        return found[0] if found else None

    def latest_checkpoint(self) -> StoredCheckpoint | None:
        """The newest checkpoint, if any."""
        found = self._checkpoints(SQL("ORDER BY size DESC LIMIT 1"), ())
        return found[0] if found else None

    def _checkpoints(self, clause: SQL, params: tuple[Any, ...]) -> list[StoredCheckpoint]:
        rows = self._fetch(
            SQL("SELECT size, root, note, issued_at FROM {}.{} ").format(*self.t_checkpoints)
            + clause,
            params,
        )
        return [
            StoredCheckpoint(r["size"], bytes(r["root"]), r["note"], r["issued_at"]) for r in rows
        ]

    def _fetch(self, query: Composed, params: tuple[Any, ...]) -> list[Any]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(query, params)
            return curs.fetchall()
