"""The profiles view: its rows, its changes, and the profile query every backend shares."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.framework import Framework
from domain.positioning.knowledge import RESET
from domain.positioning.scorecards import Scorecard, build_scorecard
from projections.base import BatchView

OPENED = "opened"
STATUS = "status"
ELEMENT = "element"
"""Change kinds: (OPENED, evaluation_id, learner_id, competence_code),
(STATUS, evaluation_id, status), (ELEMENT, evaluation_id, skill_id, status, source, earned_pix,
created_at). Elements are upserted per (evaluation, skill): the latest one wins."""


@dataclass(frozen=True, slots=True)
class ElementRow:
    """The latest element of one skill (``status`` may be ``reset``)."""

    skill_id: str
    status: str
    source: str
    earned_pix: float
    created_at: datetime


@dataclass(frozen=True)
class CompetenceRow:
    """One learner's competence: the evaluation's status and its elements by skill id order."""

    learner_id: UUID
    competence_code: str
    status: str | None
    elements: tuple[ElementRow, ...]

    @property
    def current(self) -> list[ElementRow]:
        """Elements that count (resets dropped)."""
        return [e for e in self.elements if e.status != RESET]


@dataclass(frozen=True)
class Profile:
    """A learner's scorecards in framework order and the global pix score."""

    learner_id: UUID
    scorecards: tuple[Scorecard, ...]
    pix_score: int
    max_pix: int


class ProfilesView(BatchView, ABC):
    """Queries every backend answers identically (the contract tests prove it)."""

    @abstractmethod
    def competence_rows(self, learner_id: UUID) -> list[CompetenceRow]:
        """The learner's competences (those ever started), sorted by competence code."""

    @abstractmethod
    def all_rows(self) -> list[CompetenceRow]:
        """Every row, sorted by learner then competence (audits and rebuild checks)."""

    def get_profile(self, learner_id: UUID, *, now: datetime, framework: Framework) -> Profile:
        """Scorecards of every competence of ``framework`` at ``now`` (NOT_STARTED if unseen)."""
        rows = {r.competence_code: r for r in self.competence_rows(learner_id)}
        cards = []
        for competence in framework.competences:
            row = rows.get(competence.code)
            cards.append(
                build_scorecard(
                    competence_code=competence.code,
                    evaluation_status=row.status if row else None,
                    elements=row.current if row else (),
                    now=now,
                    max_reachable_level=framework.max_reachable_level,
                )
            )
        # The global score sums each competence's pix, already capped at the reachable level.
        return Profile(learner_id, tuple(cards), sum(c.pix for c in cards), framework.max_pix)
