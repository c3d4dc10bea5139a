"""A certificate's ledger receipt: its result event's inclusion proof against a checkpoint.

The receipt is the audit log's self-contained bundle (``AuditLog.receipt_for``), checked here
with ``check_bundle`` against the log's verifier key, and it must name the very event that
recorded the certificate's latest result. Until a signed checkpoint covers that event the
receipt is "not yet covered", never an error: checkpoints come every N events or seconds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.audit.errors import CheckpointError, ProofError
from domain.audit.proofs import check_bundle
from domain.errors import LedgerError
from projections.audit_log.service import AuditLog
from projections.certificates import CourseRow

OK = "ok"
NOT_YET_COVERED = "not_yet_covered"
FAILED = "failed"


@dataclass(frozen=True)
class Receipt:
    """The outcome (``ok``, ``not_yet_covered`` or ``failed``), why, and the bundle if any."""

    outcome: str
    detail: str
    checkpoint_size: int | None = None
    bundle: dict[str, Any] | None = None


def receipt_of(log: AuditLog | None, row: CourseRow) -> Receipt:
    """The receipt of ``row``'s result event against the latest checkpoint, checked."""
    if log is None or row.result_event_id is None or row.result_event_version is None:
        return Receipt(NOT_YET_COVERED, "not yet covered by a signed checkpoint")
    try:
        bundle = log.receipt_for(row.result_event_id, row.result_event_version)
    except (LedgerError, ProofError, CheckpointError):
        # Not logged yet, no checkpoint yet, or beyond the latest one: ask again later.
        return Receipt(NOT_YET_COVERED, "not yet covered by a signed checkpoint")
    return check_receipt(log, row, bundle)


def check_receipt(log: AuditLog | None, row: CourseRow, bundle: Any) -> Receipt:
    """Check a bundle (ours, or one an employer kept) for ``row``'s result event."""
    if log is None:
        return Receipt(FAILED, "the audit log is not open in this process")
    try:
        checked = check_bundle(bundle, log.verifier_key, log.origin)
        entry = bundle["entry"]
        named = (str(entry["originator_id"]), int(entry["version"]))
    except (ProofError, CheckpointError, KeyError, TypeError, ValueError) as e:
        return Receipt(FAILED, f"the receipt does not check: {e}", bundle=_dict_or_none(bundle))
    if named != (str(row.result_event_id), row.result_event_version):
        return Receipt(
            FAILED, "the receipt is for another event than this certificate's result", bundle=bundle
        )
    size = checked.checkpoint.size
    return Receipt(OK, f"recorded in the ledger: checked against checkpoint {size}", size, bundle)


def _dict_or_none(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


class Receipts:
    """Checked receipts by result event, reused while the latest checkpoint stays the same.

    A receipt proves the event against the latest signed checkpoint, so it can only change when
    a new checkpoint is signed (or when the event is first logged, which a new checkpoint then
    covers). Proving reads one node per tree level and checks a signature; a reuse reads only
    the latest checkpoint's size, so every process still sees a new checkpoint at once.
    """

    def __init__(self, log: AuditLog | None, capacity: int = 4096) -> None:
        self.log = log
        self.capacity = capacity
        self._kept: OrderedDict[tuple[UUID, int, int], Receipt] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, row: CourseRow) -> Receipt:
        """``receipt_of(log, row)``, reused for the same event and latest checkpoint."""
        log = self.log
        if log is None or row.result_event_id is None or row.result_event_version is None:
            return receipt_of(log, row)
        latest = log.view.latest_checkpoint()
        key = (row.result_event_id, row.result_event_version, latest.size if latest else 0)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept
        receipt = receipt_of(log, row)
        if receipt.outcome == FAILED:
            return receipt  # never kept: a failure is checked afresh every time
        with self._lock:
            self._kept[key] = receipt
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)
        return receipt
