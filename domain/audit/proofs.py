"""Proof bundles: what an auditor needs to check an event or two checkpoints offline.

An inclusion bundle carries the signed checkpoint, the event's log entry (position, originator,
version, topic, SHA-256 of the stored bytes), its leaf index and the audit path; a consistency
bundle carries two signed checkpoints and the proof between them. ``check_bundle`` needs
nothing else but the log's verifier key.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.audit.checkpoint import Checkpoint, check
from domain.audit.errors import CheckpointError, ConsistencyOrderError, ProofError
from domain.audit.leaf import LogEntry
from domain.audit.merkle import verify_consistency, verify_inclusion

INCLUSION = "certledger-inclusion/v1"
CONSISTENCY = "certledger-consistency/v1"


def _b64(values: list[bytes]) -> list[str]:
    return [base64.b64encode(v).decode() for v in values]


def inclusion_bundle(
    entry: LogEntry, index: int, note: str, size: int, proof: list[bytes]
) -> dict[str, Any]:
    """The JSON-ready inclusion bundle of one logged event."""
    return {
        "format": INCLUSION,
        "checkpoint": note,
        "tree_size": size,
        "leaf_index": index,
        "entry": {
            "position": entry.position,
            "originator_id": str(entry.originator_id),
            "version": entry.version,
            "topic": entry.topic,
            "state_sha256": entry.state_sha256.hex(),
        },
        "leaf_hash": base64.b64encode(entry.leaf_hash()).decode(),
        "proof": _b64(proof),
    }


def consistency_bundle(first: str, second: str, proof: list[bytes]) -> dict[str, Any]:
    """The JSON-ready consistency bundle between two checkpoints (older first)."""
    return {"format": CONSISTENCY, "first": first, "second": second, "proof": _b64(proof)}


@dataclass(frozen=True)
class CheckedProof:
    """What a verified bundle established."""

    kind: str
    checkpoint: Checkpoint
    detail: str


def check_bundle(bundle: Any, vkey: str, origin: str | None = None) -> CheckedProof:
    """Verify an inclusion or consistency bundle; raise ``ProofError``/``CheckpointError``."""
    if not isinstance(bundle, dict):
        raise ProofError("a proof bundle is a JSON object")
    try:
        if bundle.get("format") == INCLUSION:
            return _check_inclusion(bundle, vkey, origin)
        if bundle.get("format") == CONSISTENCY:
            return _check_consistency(bundle, vkey, origin)
    except (KeyError, TypeError, ValueError) as e:
        if isinstance(e, ProofError | CheckpointError):
            raise
        raise ProofError(f"malformed proof bundle: {type(e).__name__} {e}") from None
    raise ProofError(f"unknown proof format {bundle.get('format')!r}")


def _proof(bundle: dict[str, Any]) -> list[bytes]:
    return [base64.b64decode(p, validate=True) for p in bundle["proof"]]


def _check_inclusion(bundle: dict[str, Any], vkey: str, origin: str | None) -> CheckedProof:
    cp = check(bundle["checkpoint"], vkey, origin)
    e = bundle["entry"]
    entry = LogEntry(
        int(e["position"]), UUID(e["originator_id"]), int(e["version"]), str(e["topic"]),
        bytes.fromhex(e["state_sha256"]),
    )  # fmt: skip
    leaf = entry.leaf_hash()
    if base64.b64encode(leaf).decode() != bundle.get("leaf_hash", base64.b64encode(leaf).decode()):
        raise ProofError("the leaf hash does not match the entry")
    if int(bundle["tree_size"]) != cp.size:
        raise ProofError("the proof is for another tree size than the checkpoint's")
    verify_inclusion(int(bundle["leaf_index"]), cp.size, leaf, _proof(bundle), cp.root)
    return CheckedProof(
        "inclusion",
        cp,
        f"event at position {entry.position} ({entry.originator_id} v{entry.version}) is leaf "
        f"{bundle['leaf_index']} of the log signed at size {cp.size}",
    )


def _check_consistency(bundle: dict[str, Any], vkey: str, origin: str | None) -> CheckedProof:
    first = check(bundle["first"], vkey, origin)
    second = check(bundle["second"], vkey, origin)
    if first.origin != second.origin:
        raise ProofError("the two checkpoints are of different logs")
    if first.size > second.size:
        raise ConsistencyOrderError(
            f"checkpoint {first.size} comes after {second.size}: give the older one first"
        )
    verify_consistency(first.size, second.size, first.root, second.root, _proof(bundle))
    return CheckedProof(
        "consistency", second, f"the log at size {second.size} extends the log at size {first.size}"
    )
