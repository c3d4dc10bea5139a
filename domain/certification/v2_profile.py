"""The placement profile a v2 test is drawn from, read from positioning events at an instant.

certification-v2 §D.1: certifiable competences (uncapped level ≥ 1) with their uncapped pix,
the skills each validated *directly* (by an answer to one of their challenges, not by
inference), those skills' operative challenges (``validé`` or ``archivé``) in the locale, and
the challenges the learner answered to validate them (avoided by the draw when possible).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.ledger_base import LedgerBase
from domain.positioning.certifiability import MIN_LEVEL_FOR_CERTIFIABILITY
from domain.positioning.evaluation import CompetenceEvaluation, competence_evaluation_id
from domain.positioning.knowledge import DIRECT, KnowledgeElement
from domain.positioning.scorecards import competence_score, sum_earned_pix
from domain.scoring import ProfileSkill, V2Competence

OPERATIVE_STATUSES: Final = frozenset({"validé", "archivé"})
# The bank has no skill versions yet: every skill is its first version (dedup keeps it).
SKILL_VERSION: Final = 1


@dataclass(frozen=True)
class V2Profile:
    """What a v2 test is generated from, as the profile stood at ``at``."""

    at: datetime
    competences: tuple[V2Competence, ...]
    skills: Mapping[str, tuple[ProfileSkill, ...]]
    already_answered: tuple[str, ...]


class V2ProfileQueries(LedgerBase):
    """Reads a learner's positioning history as the v2 generator needs it."""

    def get_v2_profile(self, learner_id: UUID, at: datetime, locale: str) -> V2Profile:
        """The certifiable competences, directly validated skills and answered challenges at ``at``.

        Read from the evaluations' event histories filtered by time (not from a projection),
        so the profile as of the candidate's reconciliation comes back the same at any later
        instant.
        """
        competences: list[V2Competence] = []
        skills: dict[str, tuple[ProfileSkill, ...]] = {}
        answered: set[str] = set()
        for competence in self.framework.competences:
            elements = self._elements_at(learner_id, competence.code, at)
            score = competence_score(
                sum_earned_pix(elements), 0, allow_excess_pix=True, allow_excess_level=True
            )
            if score.level < MIN_LEVEL_FOR_CERTIFIABILITY:
                continue
            competences.append(V2Competence(competence.code, score.level, score.pix))
            direct = [ke for ke in elements if ke.source == DIRECT and ke.is_validated]
            answered |= {ke.challenge_id for ke in direct}
            skills[competence.code] = tuple(
                self._profile_skill(ke.skill_id, locale)
                for ke in sorted(direct, key=lambda k: k.skill_id)
                if ke.skill_id in self._skill_ids()
            )
        return V2Profile(at, tuple(competences), skills, tuple(sorted(answered)))

    def _elements_at(self, learner_id: UUID, code: str, at: datetime) -> list[KnowledgeElement]:
        try:
            found: object = self.repository.get(competence_evaluation_id(learner_id, code))
        except AggregateNotFoundError:
            return []
        if not isinstance(found, CompetenceEvaluation):
            return []
        return list(found.current(at).values())

    def _profile_skill(self, skill_id: str, locale: str) -> ProfileSkill:
        skill = self.bank.skill(skill_id)
        return ProfileSkill(
            id=skill.id,
            name=skill.name,
            difficulty=skill.difficulty,
            version=SKILL_VERSION,
            challenge_ids=self._operative_challenges(locale).get(skill_id, ()),
        )

    def _skill_ids(self) -> frozenset[str]:
        cache: dict[str, frozenset[str]] = self.__dict__.setdefault("_v2_skill_ids", {})
        if "ids" not in cache:
            cache["ids"] = frozenset(s.id for s in self.bank.skills)
        return cache["ids"]

    def _operative_challenges(self, locale: str) -> Mapping[str, tuple[str, ...]]:
        # Built once per locale and ledger: the bank never changes under a ledger.
        cache: dict[str, dict[str, tuple[str, ...]]] = self.__dict__.setdefault(
            "_v2_operative_challenges", {}
        )
        if locale not in cache:
            by_skill: defaultdict[str, list[str]] = defaultdict(list)
            for c in sorted(self.bank.challenges, key=lambda c: c.id):
                if c.status in OPERATIVE_STATUSES and locale in c.locales:
                    by_skill[c.skill_id].append(c.id)
            cache[locale] = {skill: tuple(ids) for skill, ids in by_skill.items()}
        return cache[locale]
