"""LedgerBase: what every group of ledger commands shares (store, content, load and save).

Each bounded context writes its commands as a mixin, ``class <Context>Commands(LedgerBase)``,
in its own module; ``CertificationLedger`` lists the mixins. Commands validate, read nothing
but arguments and aggregates, then trigger events and save; refused commands save nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import EnvType

from domain.bank import Challenge, ItemBank, load_default_bank
from domain.errors import ChallengeNotFoundError, ConflictError, NotFoundError
from domain.framework import Framework, load_framework

A = TypeVar("A", bound=Aggregate)


class _Vault(Protocol):
    """What commands need of the personal-data vault (``domain.accounts.PersonalDataVault``)."""

    def create_key(self, key_id: UUID) -> None: ...
    def seal(self, key_id: UUID, value: str) -> str: ...
    def unseal(self, sealed: str) -> str: ...
    def blind_index(self, value: str) -> str: ...


class LedgerBase(Application[UUID]):
    """The ledger application's plumbing, bound to one framework and one bank."""

    name = "ledger"
    env: ClassVar[dict[str, str]] = {
        # Cached aggregates are fast-forwarded from the store before each command (one small
        # read), so several processes can share the store without stale decisions.
        "AGGREGATE_CACHE_MAXSIZE": "10000",
        "AGGREGATE_CACHE_FASTFORWARD": "y",
        # PostgreSQL: lock, insert and notify in one server-side call instead of several.
        "POSTGRES_ENABLE_DB_FUNCTIONS": "y",
    }

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        framework: Framework | None = None,
        bank: ItemBank | None = None,
    ) -> None:
        super().__init__(env)
        self.framework = framework or load_framework()
        self.bank = bank or load_default_bank(self.framework.max_reachable_level)

    def _sealing_vault(self) -> _Vault:
        """The personal-data vault the composition root attached (``personal_data_vault``)."""
        vault: _Vault | None = getattr(self, "personal_data_vault", None)
        if vault is None:
            raise RuntimeError("no personal-data vault attached to the ledger (see api.bootstrap)")
        return vault

    def _load(
        self, aggregate_id: UUID, kind: type[A], missing: type[NotFoundError], what: str
    ) -> A:
        """The aggregate of type ``kind`` with this id, or ``missing`` naming ``what``."""
        try:
            found: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing(f"no {what} {aggregate_id}") from None
        if not isinstance(found, kind):
            raise missing(f"no {what} {aggregate_id}")
        return found

    def _exists(self, aggregate_id: UUID) -> bool:
        """Whether any aggregate has this id."""
        try:
            self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True

    def _challenge(self, challenge_id: str) -> Challenge:
        try:
            return self.bank.challenge(challenge_id)
        except KeyError:
            raise ChallengeNotFoundError(
                f"no challenge {challenge_id!r} in bank {self.bank.key}"
            ) from None

    def _save(self, *aggregates: Any) -> int:
        """Save atomically; return the last notification id (for read-your-writes waits)."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(
                "another writer changed this record first; reload and try again"
            ) from None
        return recordings[-1].notification.id if recordings else 0
