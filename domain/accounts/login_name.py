"""LoginName: the claim of one e-mail or username by one account, keyed by its blind index.

The aggregate id derives from a keyed digest of the login, never from the login itself, so
the event store holds no readable e-mail while registration can still refuse duplicates.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE


def login_name_id(blind_index: str) -> UUID:
    """The id of the login whose blind index is ``blind_index``."""
    return uuid5(NAMESPACE, f"login/{blind_index}")


class LoginName(Aggregate):
    """Maps a login (by blind index) to the account that holds it.

    Invariant: held by at most one account at a time; a released login can be claimed again.
    """

    class Claimed(Aggregate.Created):
        """An account took this login."""

        blind_index: str
        account_id: UUID
        claimed_at: datetime
        actor_id: str
        actor_role: str

    class Released(Aggregate.Event):
        """The account gave the login up (its personal data was erased)."""

        released_at: datetime
        actor_id: str
        actor_role: str

    class Reclaimed(Aggregate.Event):
        """A new account took a released login."""

        account_id: UUID
        claimed_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(blind_index: str) -> UUID:
        """Natural key: one aggregate per login."""
        return login_name_id(blind_index)

    @event(Claimed)
    def __init__(
        self,
        *,
        blind_index: str,
        account_id: UUID,
        claimed_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.blind_index = blind_index
        self.account_id: UUID | None = account_id

    @event(Released)
    def _release(self, released_at: datetime, actor_id: str, actor_role: str) -> None:
        self.account_id = None

    @event(Reclaimed)
    def _reclaim(
        self, account_id: UUID, claimed_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if self.account_id is not None:
            raise ValueError("login is held")
        self.account_id = account_id
