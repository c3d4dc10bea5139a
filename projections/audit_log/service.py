"""AuditLog: proofs, receipts and verification over the audit log view and the store."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from domain.audit.checkpoint import check
from domain.audit.errors import (
    CheckpointNotFoundError,
    ConsistencyOrderError,
    LogPositionNotFoundError,
    ProofError,
)
from domain.audit.leaf import LogEntry
from domain.audit.merkle import consistency_proof, inclusion_proof
from domain.audit.proofs import consistency_bundle, inclusion_bundle
from domain.audit.verification import KeptCheckpoint, VerificationReport, verify
from projections.audit_log.checkpoints import Checkpointer
from projections.audit_log.view import AuditLogView, StoredCheckpoint

SCAN_BATCH = 5000


class AuditLog:
    """Everything auditors ask of the log; reads only (checkpoints come from ``Checkpointer``)."""

    def __init__(
        self, app: Application[Any], view: AuditLogView, checkpointer: Checkpointer
    ) -> None:
        self.app = app
        self.view = view
        self.checkpointer = checkpointer
        self.origin = checkpointer.origin
        self.verifier_key = checkpointer.verifier_key
        self.last_report: VerificationReport | None = None
        self.last_verified_at: datetime | None = None
        self.last_error: str | None = None
        self._lock = threading.Lock()

    # -- checkpoints -------------------------------------------------------------------------
    def latest_checkpoint(self) -> StoredCheckpoint:
        """The newest signed checkpoint (``CheckpointNotFoundError`` before the first)."""
        latest = self.view.latest_checkpoint()
        if latest is None:
            raise CheckpointNotFoundError("no checkpoint has been issued yet")
        return latest

    def checkpoint(self, size: int) -> StoredCheckpoint:
        """The checkpoint issued at that tree size."""
        found = self.view.checkpoint(size)
        if found is None:
            raise CheckpointNotFoundError(f"no checkpoint of size {size}")
        return found

    # -- proofs ------------------------------------------------------------------------------
    def inclusion(self, position: int, size: int | None = None) -> dict[str, Any]:
        """The inclusion bundle of the event at ``position`` against a checkpoint.

        The latest checkpoint by default; ``receipt`` is this for certificates.
        """
        cp = self.latest_checkpoint() if size is None else self.checkpoint(size)
        index = self.view.index_of(position)
        if index is None:
            raise LogPositionNotFoundError(f"no logged event at position {position}")
        if index >= cp.size:
            raise ProofError(
                f"position {position} (leaf {index}) is beyond the checkpoint of size {cp.size}; "
                "ask again after the next checkpoint"
            )
        entry = self.view.entries(index, index + 1)[0].entry
        proof = inclusion_proof(self.view.nodes(), index, cp.size)
        return inclusion_bundle(entry, index, cp.note, cp.size, proof)

    def inclusions(self, positions: Sequence[int], size: int) -> dict[int, dict[str, Any]]:
        """Inclusion bundles of many events against the checkpoint of ``size``.

        One node cache and one read of the leaves serve them all; positions the checkpoint does
        not cover are left out.
        """
        cp = self.checkpoint(size)
        nodes = self.view.nodes()
        return {
            e.entry.position: inclusion_bundle(
                e.entry, e.index, cp.note, cp.size, inclusion_proof(nodes, e.index, cp.size)
            )
            for e in self.view.entries_at(positions)
            if e.index < cp.size
        }

    def receipt(self, position: int) -> dict[str, Any]:
        """The inclusion proof of one event against the latest signed checkpoint.

        For certificates: store the returned JSON with the certificate; anyone holding the
        log's verifier key checks it with ``certledger audit check-proof`` (or
        ``domain.audit.proofs.check_bundle``) without access to the ledger.
        """
        return self.inclusion(position)

    def receipt_for(self, originator_id: UUID, version: int) -> dict[str, Any]:
        """The receipt of one event named by its aggregate id and version.

        For example a course's ``Scored`` event or a jury case's ``ResultRecorded``, against
        the latest checkpoint. ``LogPositionNotFoundError`` while the event is not logged yet;
        ``ProofError`` while no checkpoint covers it yet (ask again after the next one).
        """
        position = self.view.positions_of([originator_id]).get((originator_id, version))
        if position is None:
            raise LogPositionNotFoundError(f"event {originator_id} v{version} is not logged yet")
        return self.receipt(position)

    def consistency(self, first: int, second: int) -> dict[str, Any]:
        """The consistency bundle between two checkpoints, older (smaller) first."""
        if first > second:
            raise ConsistencyOrderError(
                f"checkpoint {first} comes after {second}: ask with the older one first"
            )
        a, b = self.checkpoint(first), self.checkpoint(second)
        return consistency_bundle(
            a.note, b.note, consistency_proof(self.view.nodes(), first, second)
        )

    # -- verification -------------------------------------------------------------------------
    def scan_store(self) -> Iterator[LogEntry]:
        """Every stored event's log entry, recomputed from the store's raw rows."""
        recorder = self.app.recorder
        head, position = recorder.max_notification_id() or 0, 0
        while position < head:
            batch = recorder.select_notifications(start=position + 1, limit=SCAN_BATCH, stop=head)
            if not batch:
                break
            for n in batch:
                yield LogEntry.of(n.id, n.originator_id, n.originator_version, n.topic, n.state)
            position = batch[-1].id

    def verify(self) -> VerificationReport:
        """Recompute the log from the store and check it against the signed checkpoints."""
        with self._lock:
            stored = list(self.scan_store())
            logged = [e.entry for e in self.view.entries(0, self.view.size())]
            kept = [KeptCheckpoint(c.size, c.root, c.note) for c in self.view.checkpoints()]
            report = verify(stored, logged, kept, self.verifier_key, self.origin)
            self.last_report, self.last_verified_at = report, datetime.now(UTC)
            return report

    def verify_every(self, interval: float) -> threading.Event:
        """Verify in a background thread every ``interval`` seconds; set the event to stop.

        A verification that cannot run (store unreachable) is kept in ``last_error`` for
        ``/health``, and the next round tries again.
        """
        stop = threading.Event()

        def run() -> None:
            while not stop.wait(interval):
                try:
                    self.verify()
                    self.last_error = None
                except Exception as e:  # reported by /health, retried next round
                    self.last_error = f"{type(e).__name__}: {e}"

        threading.Thread(target=run, name="audit-verify", daemon=True).start()
        return stop

    def check_note(self, note: str) -> None:
        """Raise ``CheckpointError`` unless ``note`` is this log's, correctly signed."""
        check(note, self.verifier_key, self.origin)
