"""Checking the store against the signed log: what changed, and at which position first.

Inputs are plain: the entries recomputed from the store now, the entries the log recorded when
each event was first seen, and the kept checkpoints. Signed checkpoints are the trust anchor:
a checkpoint whose signature fails is itself a finding; the recorded entries are trusted only
if they reproduce every valid checkpoint's root, and then they locate the first difference
exactly (altered, deleted, inserted or reordered).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.audit.checkpoint import check
from domain.audit.errors import CheckpointError
from domain.audit.leaf import LogEntry
from domain.audit.merkle import LeafNodes, root

ALTERED = "altered"
DELETED = "deleted"
INSERTED = "inserted"
REORDERED = "reordered"
CHECKPOINT = "checkpoint_altered"
LOG = "log_altered"
UNLOCATED = "root_mismatch"


@dataclass(frozen=True, slots=True)
class Finding:
    """One difference: its kind, the notification position, and what was seen."""

    kind: str
    position: int
    detail: str


@dataclass(frozen=True, slots=True)
class KeptCheckpoint:
    """A checkpoint row as kept next to the log: size, root and the signed note."""

    size: int
    root: bytes
    note: str


@dataclass
class VerificationReport:
    """The outcome of ``verify``: ``ok`` when nothing was found."""

    events: int
    logged: int
    checkpoints: int
    signed_size: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the store matches every signed checkpoint and the log."""
        return not self.findings

    @property
    def first(self) -> Finding | None:
        """The first finding (checkpoint problems first, then by position)."""
        return self.findings[0] if self.findings else None


def verify(
    stored: Sequence[LogEntry],
    logged: Sequence[LogEntry],
    kept: Sequence[KeptCheckpoint],
    vkey: str,
    origin: str,
) -> VerificationReport:
    """Compare the store with the log and the signed checkpoints."""
    findings: list[Finding] = []
    valid: list[KeptCheckpoint] = []
    for cp in kept:
        try:
            signed = check(cp.note, vkey, origin)
        except CheckpointError as e:
            findings.append(
                Finding(CHECKPOINT, cp.size, f"checkpoint of size {cp.size}: {e.detail}")
            )
            continue
        if (signed.size, signed.root) != (cp.size, cp.root):
            findings.append(
                Finding(CHECKPOINT, cp.size, f"checkpoint of size {cp.size}: row differs from note")
            )
            continue
        valid.append(cp)
    signed_size = max((cp.size for cp in valid), default=0)
    report = VerificationReport(len(stored), len(logged), len(kept), signed_size, findings)

    log_nodes = LeafNodes([e.leaf_hash() for e in logged])
    log_trusted = True
    for cp in valid:
        if cp.size > len(logged) or root(log_nodes, cp.size) != cp.root:
            log_trusted = False
            findings.append(
                Finding(LOG, cp.size, f"the recorded log does not reproduce checkpoint {cp.size}")
            )
            break

    store_nodes = LeafNodes([e.leaf_hash() for e in stored])
    bad = next(
        (cp for cp in valid if cp.size > len(stored) or root(store_nodes, cp.size) != cp.root),
        None,
    )
    if log_trusted:
        # Signed part and unsigned tail alike: the log recorded each event when first seen.
        difference = first_difference(stored[: len(logged)], logged)
        if difference is not None:
            findings.append(difference)
        elif bad is not None:
            findings.append(
                Finding(DELETED, bad.size, f"the store holds fewer than {bad.size} events")
            )
    elif bad is not None:
        before = max((cp.size for cp in valid if cp.size < bad.size), default=0)
        findings.append(
            Finding(
                UNLOCATED,
                stored[before].position if before < len(stored) else 0,
                f"the store no longer matches checkpoint {bad.size}: a change among leaves "
                f"{before}..{bad.size - 1}",
            )
        )
    return report


def first_difference(stored: Sequence[LogEntry], logged: Sequence[LogEntry]) -> Finding | None:
    """The first position where the store and the log disagree, classified."""
    by_key = {e.key(): e for e in logged}
    for i in range(max(len(stored), len(logged))):
        s = stored[i] if i < len(stored) else None
        log = logged[i] if i < len(logged) else None
        if s == log:
            continue
        if log is None or (s is not None and s.position < log.position):
            assert s is not None
            return Finding(INSERTED, s.position, f"event {_name(s)} was never logged")
        if s is None or s.position > log.position:
            return Finding(DELETED, log.position, f"event {_name(log)} is missing from the store")
        if s.key() == log.key():
            return Finding(ALTERED, s.position, f"event {_name(s)}: stored bytes changed")
        moved = by_key.get(s.key())
        if moved is not None and moved.state_sha256 == s.state_sha256:
            return Finding(
                REORDERED, s.position, f"event {_name(s)} was logged at position {moved.position}"
            )
        return Finding(ALTERED, s.position, f"event {_name(log)} was replaced by {_name(s)}")
    return None


def _name(e: LogEntry) -> str:
    return f"{e.originator_id} v{e.version} ({e.topic.rsplit(':', 1)[-1]})"
