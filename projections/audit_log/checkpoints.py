"""Issuing signed checkpoints of the audit log: every N events or T seconds, whichever first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.audit.checkpoint import Checkpoint, sign, verifier_key
from projections.audit_log.view import AuditLogView, StoredCheckpoint


@dataclass(frozen=True)
class CheckpointPolicy:
    """When to issue a checkpoint (0 turns a trigger off).

    After ``every_events`` new events, or ``every_seconds`` after the last checkpoint if any
    event came since.
    """

    every_events: int = 1000
    every_seconds: float = 60.0


class Checkpointer:
    """Signs the log's current tree head with the ledger's Ed25519 key and keeps it."""

    def __init__(
        self,
        view: AuditLogView,
        *,
        origin: str,
        key: Ed25519PrivateKey,
        policy: CheckpointPolicy | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.view = view
        self.origin = origin
        self.key = key
        self.policy = policy or CheckpointPolicy()
        self.clock = clock or (lambda: datetime.now(UTC))

    @property
    def verifier_key(self) -> str:
        """The public key as a signed-note verifier key (what auditors are given)."""
        return verifier_key(self.origin, self.key.public_key())

    def due(self, now: datetime | None = None) -> bool:
        """Whether the policy asks for a checkpoint now."""
        size = self.view.size()
        latest = self.view.latest_checkpoint()
        last_size = latest.size if latest else 0
        if size <= last_size:
            return False
        if self.policy.every_events and size - last_size >= self.policy.every_events:
            return True
        if latest is None:
            return bool(self.policy.every_seconds)
        elapsed = ((now or self.clock()) - latest.issued_at).total_seconds()
        return bool(self.policy.every_seconds) and elapsed >= self.policy.every_seconds

    def maybe_issue(self) -> StoredCheckpoint | None:
        """Issue a checkpoint if one is due."""
        now = self.clock()
        return self.issue(now) if self.due(now) else None

    def issue(self, now: datetime | None = None) -> StoredCheckpoint | None:
        """Sign and keep the current tree head (None when the log is empty or unchanged)."""
        size = self.view.size()
        latest = self.view.latest_checkpoint()
        if size == 0 or (latest is not None and latest.size >= size):
            return latest if latest is not None and latest.size == size else None
        root = self.view.root(size)
        note = sign(Checkpoint(self.origin, size, root), self.origin, self.key)
        stored = StoredCheckpoint(size, root, note, now or self.clock())
        self.view.add_checkpoint(stored)
        return stored
