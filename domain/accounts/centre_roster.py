"""CentreRoster: the members of one certification centre and its one referent."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE


def centre_roster_id(centre_id: UUID) -> UUID:
    """The id of the roster of centre ``centre_id``."""
    return uuid5(NAMESPACE, f"centre-roster/{centre_id}")


class CentreRoster(Aggregate):
    """Who belongs to a centre (lifecycle spec §1.1: ADMIN or MEMBER, one referent).

    Invariants: a member is listed once; the referent is a member; designating a new referent
    replaces the previous one, so there is at most one.
    """

    class Opened(Aggregate.Created):
        """The centre's roster was opened (with its first member)."""

        centre_id: UUID
        opened_at: datetime
        actor_id: str
        actor_role: str

    class MemberAdded(Aggregate.Event):
        """A user joined the centre with ``centre_role`` CENTER_ADMIN or CENTER_MEMBER."""

        user_id: UUID
        centre_role: str
        added_at: datetime
        actor_id: str
        actor_role: str

    class ReferentDesignated(Aggregate.Event):
        """A member became the centre's referent, replacing any previous one."""

        user_id: UUID
        designated_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(centre_id: UUID) -> UUID:
        """Natural key: one roster per centre."""
        return centre_roster_id(centre_id)

    @event(Opened)
    def __init__(
        self, *, centre_id: UUID, opened_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.centre_id = centre_id
        self.members: dict[UUID, str] = {}
        self.referent_id: UUID | None = None

    @event(MemberAdded)
    def _add_member(
        self, user_id: UUID, centre_role: str, added_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if user_id in self.members:
            raise ValueError("already a member")
        self.members[user_id] = centre_role

    @event(ReferentDesignated)
    def _designate_referent(
        self, user_id: UUID, designated_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if user_id not in self.members:
            raise ValueError("the referent must be a member")
        self.referent_id = user_id
