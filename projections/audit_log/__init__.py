"""The audit log: an RFC 9162 Merkle tree over every stored event, and its signed checkpoints.

One leaf per stored event in notification order (``domain.audit.leaf``), kept exactly once by
the catch-up runner like every view; complete subtree hashes are stored so roots and proofs
cost O(log n) reads. Checkpoints are issued by ``projections.audit_log.checkpoints`` and kept
across rebuilds. Not here: verification of the store (``projections.audit_log.verify``).
"""

from projections.audit_log.popo import POPOAuditLogView
from projections.audit_log.postgres import PostgresAuditLogView
from projections.audit_log.projection import AuditLogProjection
from projections.audit_log.sqlite import SQLiteAuditLogView
from projections.audit_log.view import AuditLogView, LoggedEntry, StoredCheckpoint

__all__ = [
    "AuditLogProjection",
    "AuditLogView",
    "LoggedEntry",
    "POPOAuditLogView",
    "PostgresAuditLogView",
    "SQLiteAuditLogView",
    "StoredCheckpoint",
]
