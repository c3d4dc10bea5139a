"""What positioning tells other contexts about a learner's profile at an instant.

``PositioningProfiles`` reads competence evaluations through an ``AggregateReader`` (the
kernel's port on the shared store), so certification receives it at construction as its
``CertificationProfiles`` port instead of reaching into positioning through ``self``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from uuid import UUID

from domain.bank import ItemBank
from domain.framework import Framework
from domain.ports import AggregateReader
from domain.positioning.certifiability import Certifiability, certifiability_of
from domain.positioning.evaluation import CompetenceEvaluation
from domain.positioning.knowledge import KnowledgeElement
from domain.positioning.scorecards import sum_earned_pix
from domain.positioning.v2_profile import V2Profile, operative_challenges, v2_profile_at


def certifiability_from(
    find: AggregateReader, framework: Framework, learner_id: UUID, at: datetime
) -> Certifiability:
    """Whether the learner's profile at ``at`` is certifiable, read from recorded events."""
    exact: dict[str, float] = {}
    for competence in framework.competences:
        evaluation = find(
            CompetenceEvaluation.create_id(learner_id, competence.code), CompetenceEvaluation
        )
        elements = evaluation.current(at).values() if evaluation else ()
        exact[competence.code] = sum_earned_pix(elements)
    return certifiability_of(exact, at)


class PositioningProfiles:
    """Certifiability and the v2 placement profile, both as they stood at an instant."""

    def __init__(self, find: AggregateReader, framework: Framework, bank: ItemBank) -> None:
        self._find = find
        self._framework = framework
        self._bank = bank
        # Built once per locale: the bank never changes under a ledger.
        self._operative: dict[str, Mapping[str, tuple[str, ...]]] = {}

    def get_certifiability(self, learner_id: UUID, at: datetime) -> Certifiability:
        """Certifiability at ``at`` (5 competences at level 1 or more), from the events."""
        return certifiability_from(self._find, self._framework, learner_id, at)

    def get_v2_profile(self, learner_id: UUID, at: datetime, locale: str) -> V2Profile:
        """The certifiable competences, directly validated skills and answered challenges at ``at``.

        Read from the evaluations' event histories filtered by time (not from a projection),
        so the profile as of the candidate's reconciliation comes back the same at any later
        instant.
        """
        if locale not in self._operative:
            self._operative[locale] = operative_challenges(self._bank, locale)
        return v2_profile_at(
            lambda code: self._elements_at(learner_id, code, at),
            self._framework,
            self._bank,
            self._operative[locale],
            at,
        )

    def _elements_at(self, learner_id: UUID, code: str, at: datetime) -> list[KnowledgeElement]:
        found = self._find(CompetenceEvaluation.create_id(learner_id, code), CompetenceEvaluation)
        return [] if found is None else list(found.current(at).values())
