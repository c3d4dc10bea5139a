"""Revoked access-token ids held in memory, refreshed from the ``revoked_tokens`` table.

Checking the table on every request costs a database round trip per request. Instead each
process keeps the ids revoked in the last ``window_seconds`` (an access token revoked earlier
has expired anyway) and re-reads the rows recorded since its last look at most every
``sync_interval`` seconds. Revocations made by this process (logout, refresh rotation) count
at once; those made by another process count within ``sync_interval``. docs/auth.md and ADR
0701 record the trade-off; ``CERTLEDGER_TOKEN_REVOCATION_SYNC_INTERVAL=0`` restores the
lookup per request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from api.storage.secret_tables import SecretTables

OVERLAP_SECONDS = 30.0
"""Each refresh re-reads this much before the previous one: rows commit a little after their
``created_at`` (the database's clock), and re-reading known ids is harmless."""


class RevocationSet:
    """The ids revoked in the last ``window_seconds``, at most ``sync_interval`` seconds stale."""

    def __init__(
        self,
        tables: SecretTables,
        table: str,
        *,
        window_seconds: float,
        sync_interval: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._tables = tables
        self._table = table
        self._window = window_seconds
        self._interval = sync_interval
        self._clock = clock
        self._ids: dict[str, float] = {}  # id -> when this process first knew it
        self._synced_at: float | None = None
        self._lock = threading.Lock()

    def due(self) -> bool:
        """Whether the next membership test reads the table first (blocking I/O)."""
        return self._synced_at is None or self._clock() - self._synced_at >= self._interval

    def sync(self) -> None:
        """Read the ids recorded since the last sync (the whole window the first time)."""
        with self._lock:
            if not self.due():  # another thread synced while this one waited for the lock
                return
            now = self._clock()
            since = self._window if self._synced_at is None else now - self._synced_at
            keys = self._tables.recent_keys(self._table, min(self._window, since) + OVERLAP_SECONDS)
            for key in keys:
                self._ids.setdefault(key, now)
            horizon = now - self._window - OVERLAP_SECONDS
            for key in [k for k, seen in self._ids.items() if seen < horizon]:
                del self._ids[key]
            self._synced_at = now

    def add(self, token_id: str) -> None:
        """Count a revocation made by this process at once."""
        with self._lock:
            self._ids[token_id] = self._clock()

    def __contains__(self, token_id: object) -> bool:
        if self.due():
            self.sync()
        return token_id in self._ids
