"""SavedTutorials: the tutorials a learner kept "for later", one list per learner."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE


def saved_tutorials_id(learner_id: UUID) -> UUID:
    """The natural key: one list per learner."""
    return uuid5(NAMESPACE, f"saved-tutorials/{learner_id}")


class SavedTutorials(Aggregate):
    """A learner's saved tutorials, in the order saved; saving twice keeps one entry."""

    class Opened(Aggregate.Created):
        """The learner saved their first tutorial."""

        learner_id: UUID
        opened_at: datetime
        actor_id: str
        actor_role: str

    class TutorialSaved(Aggregate.Event):
        """The learner saved a tutorial (offered after an answer on ``skill_id``)."""

        tutorial_id: str
        skill_id: str
        saved_at: datetime
        actor_id: str
        actor_role: str

    class TutorialRemoved(Aggregate.Event):
        """The learner removed a tutorial from their list."""

        tutorial_id: str
        removed_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(learner_id: UUID) -> UUID:
        """Natural key of the learner."""
        return saved_tutorials_id(learner_id)

    @event(Opened)
    def __init__(
        self, *, learner_id: UUID, opened_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.learner_id = learner_id
        self.saved: dict[str, tuple[str, datetime]] = {}

    @event(TutorialSaved)
    def _save_tutorial(
        self, tutorial_id: str, skill_id: str, saved_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if tutorial_id in self.saved:
            raise ValueError(f"tutorial {tutorial_id} already saved")
        self.saved[tutorial_id] = (skill_id, saved_at)

    @event(TutorialRemoved)
    def _remove_tutorial(
        self, tutorial_id: str, removed_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if tutorial_id not in self.saved:
            raise ValueError(f"tutorial {tutorial_id} is not saved")
        del self.saved[tutorial_id]
