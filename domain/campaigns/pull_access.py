"""Pull-API access: API clients' scopes, and the lookups of the pull APIs.

The school-record and higher-education APIs need scopes, blind indexes and unsealing.

A ledger mixin. ``ApiClientScopes`` is one aggregate per client (natural key); a grant replaces
the client's scopes and records who granted them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Final
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts import Account
from domain.actors import Actor
from domain.campaigns.errors import ScopeMissingError
from domain.campaigns.organisation_commands import identity_index_of, ine_index_of
from domain.errors import AccountNotFoundError, InvalidInputError
from domain.ids import NAMESPACE
from domain.ledger_base import LedgerBase

SCHOOL_RECORDS: Final = "school-records"
HIGHER_EDUCATION: Final = "higher-education"
API_SCOPES: Final = (SCHOOL_RECORDS, HIGHER_EDUCATION)


class ApiClientScopes(Aggregate):
    """The pull-API scopes of one API client."""

    class Granted(Aggregate.Created):
        """The client's scopes were first set."""

        client_id: UUID
        scopes: tuple[str, ...]
        granted_at: datetime
        actor_id: str
        actor_role: str

    class Changed(Aggregate.Event):
        """The client's scopes were replaced."""

        scopes: tuple[str, ...]
        granted_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(client_id: UUID) -> UUID:
        """Natural key: one per client."""
        return uuid5(NAMESPACE, f"api-client-scopes/{client_id}")

    @event(Granted)
    def __init__(
        self,
        *,
        client_id: UUID,
        scopes: Sequence[str],
        granted_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.client_id = client_id
        self.scopes = tuple(scopes)

    @event(Changed)
    def _change(
        self, scopes: Sequence[str], granted_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.scopes = tuple(scopes)


class PullAccessCommands(LedgerBase):
    """Scopes of API clients, and the lookups of the pull APIs."""

    def grant_api_scopes(
        self, client_id: UUID, scopes: Sequence[str], *, granted_at: datetime, actor: Actor
    ) -> tuple[str, ...]:
        """Set the client's scopes (among ``API_SCOPES``); return them, sorted."""
        account = self._find(client_id, Account)
        if account is None or account.role != "API_CLIENT":
            raise AccountNotFoundError(f"no API client {client_id}")
        unknown = sorted(set(scopes) - set(API_SCOPES))
        if unknown:
            raise InvalidInputError(f"unknown scopes {unknown} (known: {list(API_SCOPES)})")
        wanted = tuple(sorted(set(scopes)))
        found = self._find(ApiClientScopes.create_id(client_id), ApiClientScopes)
        if found is None:
            found = ApiClientScopes(
                client_id=client_id, scopes=wanted, granted_at=granted_at, **actor.event_fields()
            )
        elif found.scopes != wanted:
            found._change(wanted, granted_at, actor.id, actor.role)
        self._save(found)
        return wanted

    def ensure_api_scope(self, client_id: UUID, scope: str) -> None:
        """Refuse (``scope_missing``) unless the client was granted ``scope``."""
        found = self._find(ApiClientScopes.create_id(client_id), ApiClientScopes)
        if found is None or scope not in found.scopes:
            raise ScopeMissingError(f"this API client lacks the {scope!r} scope")

    def read_sealed(self, sealed: str) -> str:
        """A sealed personal field in clear (``[erased]`` once its person is erased)."""
        return self._vault().unseal(sealed) if sealed else ""

    def ine_lookup_index(self, national_student_id: str) -> str:
        """The blind index learners' INEs are found by."""
        return ine_index_of(self, national_student_id)

    def identity_lookup_index(self, first_name: str, last_name: str, birthdate: date) -> str:
        """The blind index learners' identities are found by."""
        return identity_index_of(self, first_name, last_name, birthdate)
