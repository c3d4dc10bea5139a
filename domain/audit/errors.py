"""Audit errors, under the ledger's hierarchy (``domain.errors``).

Hierarchy::

    LedgerError
    ├── InvalidInputError
    │   ├── ProofError               a proof that fails or cannot exist
    │   └── CheckpointError          a malformed or wrongly signed checkpoint
    ├── NotFoundError
    │   ├── CheckpointNotFoundError  no checkpoint of that size
    │   ├── LogPositionNotFoundError no logged event at that position
    │   └── AuditSessionNotFoundError
    ├── RuleViolationError
    │   └── ConsistencyOrderError    a consistency proof asked from the newer to the older
    └── StoredEventError             (domain.errors) a stored event missing or undecodable
"""

from __future__ import annotations

from domain.errors import (
    InvalidInputError,
    NotFoundError,
    RuleViolationError,
    StoredEventError,
)

__all__ = [
    "AuditSessionNotFoundError",
    "CheckpointError",
    "CheckpointNotFoundError",
    "ConsistencyOrderError",
    "LogPositionNotFoundError",
    "ProofError",
    "StoredEventError",
]


class ProofError(InvalidInputError):
    """A Merkle proof that fails verification or asks for a leaf beyond the tree."""

    code = "proof_invalid"


class CheckpointError(InvalidInputError):
    """A checkpoint that is malformed, for another log, or not signed by the expected key."""

    code = "checkpoint_invalid"


class CheckpointNotFoundError(NotFoundError):
    """No checkpoint was issued at that tree size."""

    code = "checkpoint_not_found"


class LogPositionNotFoundError(NotFoundError):
    """No logged event at that position (never stored, or not logged yet)."""

    code = "log_position_not_found"


class AuditSessionNotFoundError(NotFoundError):
    """No certification session with that id."""

    code = "audit_session_not_found"


class ConsistencyOrderError(RuleViolationError):
    """A consistency proof between checkpoints given newest first."""

    code = "consistency_order"
