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
    └── StoredEventError             a stored event missing or undecodable (names where it is)
"""

from __future__ import annotations

from domain.errors import InvalidInputError, LedgerError, NotFoundError, RuleViolationError


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


class StoredEventError(LedgerError):
    """A stored event that cannot be read back; ``where`` names it (log position or aggregate)."""

    code = "stored_event_unreadable"

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"stored event at {where} cannot be read: {reason}")
        self.where = where
