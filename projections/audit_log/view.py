"""The audit log view: leaves, complete subtree hashes and checkpoints, on every backend."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.audit.leaf import LogEntry
from domain.audit.merkle import Nodes, node_hash, root
from projections.base import BatchView, Change

ENTRY = "entry"
"""The one change kind: (ENTRY, LogEntry)."""


@dataclass(frozen=True, slots=True)
class LoggedEntry:
    """A leaf of the log: its 0-based index, the entry and its leaf hash."""

    index: int
    entry: LogEntry
    leaf_hash: bytes


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    """A checkpoint as kept: tree size, root, the signed note and when it was issued."""

    size: int
    root: bytes
    note: str
    issued_at: datetime


NodeRow = tuple[int, int, bytes]
"""(level >= 1, index, hash) of a complete subtree."""


def plan_nodes(
    size: int, frontier: Callable[[int, int], bytes], leaves: Sequence[bytes]
) -> list[NodeRow]:
    """The complete subtrees that appending ``leaves`` to a tree of ``size`` leaves closes.

    ``frontier(level, index)`` reads the existing right-edge subtrees (one per set bit of
    ``size``); each new leaf merges with its left neighbours while its index is odd.
    """
    edge = {
        lvl: frontier(lvl, (size >> lvl) - 1) for lvl in range(size.bit_length()) if size >> lvl & 1
    }
    rows: list[NodeRow] = []
    for n, leaf in enumerate(leaves, start=size):
        h, level, i = leaf, 0, n
        while i & 1:
            h = node_hash(edge.pop(level), h)
            i, level = i >> 1, level + 1
            rows.append((level, i, h))
        edge[level] = h
    return rows


class AuditLogView(BatchView, ABC):
    """Leaves by index and by position, subtree hashes, and the kept checkpoints."""

    @abstractmethod
    def size(self) -> int:
        """How many events the log holds."""

    @abstractmethod
    def node(self, level: int, index: int) -> bytes:
        """The hash of a complete subtree (level 0: a leaf hash); KeyError if absent."""

    @abstractmethod
    def entries(self, start: int, end: int) -> list[LoggedEntry]:
        """Leaves with ``start <= index < end``, in order."""

    @abstractmethod
    def index_of(self, position: int) -> int | None:
        """The leaf index of the event stored at notification ``position``, if logged."""

    @abstractmethod
    def entries_at(self, positions: Sequence[int]) -> list[LoggedEntry]:
        """The logged leaves of these notification positions (unlogged ones are left out)."""

    @abstractmethod
    def positions_of(self, originator_ids: Sequence[UUID]) -> dict[tuple[UUID, int], int]:
        """(originator id, version) -> notification position, for these aggregates' events."""

    @abstractmethod
    def add_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        """Keep a checkpoint (one per size; a second one for a size is ignored)."""

    @abstractmethod
    def checkpoints(self) -> list[StoredCheckpoint]:
        """Every kept checkpoint, oldest (smallest) first."""

    def checkpoint(self, size: int) -> StoredCheckpoint | None:
        """The checkpoint of that tree size, if one was issued."""
        return next((c for c in self.checkpoints() if c.size == size), None)

    def latest_checkpoint(self) -> StoredCheckpoint | None:
        """The newest checkpoint, if any."""
        kept = self.checkpoints()
        return kept[-1] if kept else None

    def nodes(self) -> Nodes:
        """A memoising node reader for one computation (roots, proofs)."""
        memo: dict[tuple[int, int], bytes] = {}

        def read(level: int, index: int) -> bytes:
            key = (level, index)
            if key not in memo:
                memo[key] = self.node(level, index)
            return memo[key]

        return read

    def root(self, size: int | None = None) -> bytes:
        """The root hash of the first ``size`` leaves (all of them by default)."""
        return root(self.nodes(), self.size() if size is None else size)


def entries_of(changes: Sequence[Change]) -> list[LogEntry]:
    """The log entries carried by a batch of changes."""
    return [c[1] for c in changes if c[0] == ENTRY]
