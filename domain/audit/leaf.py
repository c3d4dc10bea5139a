"""The log's leaf: what one stored event contributes to the Merkle tree.

The leaf data is a canonical line encoding of the event's position (notification id),
originator id, version, topic and the SHA-256 of its stored state bytes, exactly as stored
(after compression and encryption). Hashing the stored bytes means reading the log needs no key
and decodes nothing, and crypto-shredding (which destroys a key, never a stored byte) changes
no leaf. Topics are module paths and ids are canonical UUID strings, so no field can contain a
newline and the encoding is unambiguous.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import UUID

from domain.audit.merkle import leaf_hash

LEAF_FORMAT = "certledger-leaf/v1"


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One stored event as the log sees it."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state_sha256: bytes

    @classmethod
    def of(
        cls, position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
    ) -> LogEntry:
        """The entry of a stored event, from its raw columns."""
        oid = originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
        return cls(position, oid, version, topic, hashlib.sha256(state).digest())

    def data(self) -> bytes:
        """The canonical bytes hashed into the leaf."""
        return (
            f"{LEAF_FORMAT}\n{self.position}\n{self.originator_id}\n{self.version}\n"
            f"{self.topic}\n{self.state_sha256.hex()}\n"
        ).encode()

    def leaf_hash(self) -> bytes:
        """RFC 9162 leaf hash of ``data()``."""
        return leaf_hash(self.data())

    def key(self) -> tuple[UUID, int]:
        """The event's identity in the store: (originator id, version)."""
        return (self.originator_id, self.version)
