"""The tamper-evident ledger: RFC 9162 Merkle hashing and proofs, leaf encoding, checkpoints.

Pure code only (hashes and signatures over bytes it is given): reading the store, keeping the
log and serving it live in ``projections.audit_log`` and ``api``. Not here: the session replay
(``domain.audit.replay`` rebuilds courses from events it is given).
"""
