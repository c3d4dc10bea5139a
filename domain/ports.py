"""Kernel ports: what every context may need from outside the event store, as small protocols.

The composition root (``api.bootstrap``) passes the adapters in when it builds the ledger;
nothing is attached afterwards. Contexts import these from here, never from each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar, runtime_checkable
from uuid import UUID

from eventsourcing.domain import Aggregate

A = TypeVar("A", bound=Aggregate)

DEFAULT_PASSWORD_LOG2_N = 15
"""scrypt cost of new password hashes: n = 2**15 with r = 8 uses 32 MiB, about 0.1 s a hash."""


@runtime_checkable
class PersonalDataVault(Protocol):
    """Port: per-person keys and field sealing, kept apart from the event store."""

    def create_key(self, key_id: UUID) -> None:
        """Create the key ``key_id`` (a person's); a no-op if it exists."""

    def create_keys(self, key_ids: Sequence[UUID]) -> None:
        """Create several people's keys at once (one write for an enrolment of thousands)."""

    def seal(self, key_id: UUID, value: str) -> str:
        """``value`` encrypted under key ``key_id``, as text that names the key."""

    def unseal(self, sealed: str) -> str:
        """The plaintext of ``sealed``, or ``ERASED`` when its key was deleted."""

    def erase(self, key_id: UUID) -> bool:
        """Delete key ``key_id`` for good; whether it existed."""

    def blind_index(self, value: str) -> str:
        """A keyed, deterministic digest of ``value`` for lookups (never reversible)."""


class AggregateReader(Protocol):
    """Read one aggregate of a given type by id, or None: how a port reads the shared store."""

    def __call__(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate of type ``kind`` with this id, or None."""
