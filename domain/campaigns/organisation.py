"""Organisation: a school (SCO, with its UAI), a higher-education body (SUP) or a company (PRO).

It holds its members (by account) and its learners. A learner's personal fields (names,
birthdate, national student id) enter events only sealed with the learner's own key, so an
erasure makes them unreadable everywhere; lookups go through keyed blind indexes. The division
(class) is not personal and stays plain, so results can be grouped by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from eventsourcing.domain import Aggregate, event

ORGANISATION_TYPES: Final = ("SCO", "SUP", "PRO")
IMPORTED: Final = "import"
JOINED: Final = "participation"
"""How a learner came onto the list: a CSV import, or a first participation (SUP, PRO)."""


class Organisation(Aggregate):
    """An organisation, its members and its learners.

    Invariants: the type never changes; a learner id appears once; a learner is linked to at
    most one account and an account to at most one learner of the organisation.
    """

    class Created(Aggregate.Created):
        """The organisation was opened; ``uai`` is "" outside schools that have none."""

        type: str
        name: str
        uai: str
        created_at: datetime
        actor_id: str
        actor_role: str

    class MemberAdded(Aggregate.Event):
        """An ORGA_ADMIN or ORGA_MEMBER account became a member."""

        user_id: UUID
        role: str
        added_at: datetime
        actor_id: str
        actor_role: str

    class LearnersRecorded(Aggregate.Event):
        """Learners added or updated (a whole CSV at once, or one at a first participation).

        Each record: ``learner_id``, ``key_id``, sealed ``first_name``, ``last_name``,
        ``birthdate``, ``national_student_id``, plain ``division``, and the blind indexes
        ``identity_index`` and ``ine_index`` ("" when no INE).
        """

        learners: tuple[dict[str, Any], ...]
        source: str
        recorded_at: datetime
        actor_id: str
        actor_role: str

    class LearnerLinked(Aggregate.Event):
        """A learner account was linked to its organisation learner (first participation)."""

        learner_id: UUID
        user_id: UUID
        linked_at: datetime
        actor_id: str
        actor_role: str

    @event(Created)
    def __init__(
        self,
        *,
        type: str,
        name: str,
        uai: str,
        created_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.type = type
        self.name = name
        self.uai = uai
        self.created_at = created_at
        self.members: dict[UUID, str] = {}
        self.learners: dict[UUID, dict[str, Any]] = {}
        self.by_identity: dict[str, UUID] = {}
        self.by_ine: dict[str, UUID] = {}
        self.by_user: dict[UUID, UUID] = {}
        self.user_of: dict[UUID, UUID] = {}

    @event(MemberAdded)
    def _add_member(
        self, user_id: UUID, role: str, added_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.members[user_id] = role

    @event(LearnersRecorded)
    def _record_learners(
        self,
        learners: Sequence[dict[str, Any]],
        source: str,
        recorded_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        for record in learners:
            learner_id = UUID(str(record["learner_id"]))
            old = self.learners.get(learner_id)
            if old is not None:
                self.by_identity.pop(old["identity_index"], None)
                self.by_ine.pop(old["ine_index"], None)
            self.learners[learner_id] = dict(record)
            self.by_identity[record["identity_index"]] = learner_id
            if record["ine_index"]:
                self.by_ine[record["ine_index"]] = learner_id

    @event(LearnerLinked)
    def _link(
        self, learner_id: UUID, user_id: UUID, linked_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if learner_id in self.user_of or user_id in self.by_user:
            raise ValueError("learner or account already linked")
        self.by_user[user_id] = learner_id
        self.user_of[learner_id] = user_id

    @property
    def manages_learners(self) -> bool:
        """A school with an imported list lets in only the learners on it (Pix SCO)."""
        return self.type == "SCO" and bool(self.learners)
