"""The placement profile a v2 test is drawn from, read from positioning events at an instant.

certification-v2 §D.1: certifiable competences (uncapped level ≥ 1) with their uncapped pix,
the skills each validated *directly* (by an answer to one of their challenges, not by
inference), those skills' operative challenges (``validé`` or ``archivé``) in the locale, and
the challenges the learner answered to validate them (avoided by the draw when possible).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from domain.bank import ItemBank
from domain.framework import Framework
from domain.positioning.certifiability import MIN_LEVEL_FOR_CERTIFIABILITY
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


def v2_profile_at(
    elements_of: Callable[[str], Iterable[KnowledgeElement]],
    framework: Framework,
    bank: ItemBank,
    operative: Mapping[str, tuple[str, ...]],
    at: datetime,
) -> V2Profile:
    """The profile from each competence's current elements at ``at`` (``elements_of(code)``).

    ``operative`` is ``operative_challenges(bank, locale)`` (worth building once per locale).
    """
    competences: list[V2Competence] = []
    skills: dict[str, tuple[ProfileSkill, ...]] = {}
    answered: set[str] = set()
    for competence in framework.competences:
        elements = list(elements_of(competence.code))
        score = competence_score(
            sum_earned_pix(elements), 0, allow_excess_pix=True, allow_excess_level=True
        )
        if score.level < MIN_LEVEL_FOR_CERTIFIABILITY:
            continue
        competences.append(V2Competence(competence.code, score.level, score.pix))
        direct = [ke for ke in elements if ke.source == DIRECT and ke.is_validated]
        answered |= {ke.challenge_id for ke in direct}
        skills[competence.code] = tuple(
            _profile_skill(bank, ke.skill_id, operative)
            for ke in sorted(direct, key=lambda k: k.skill_id)
            if bank.has_skill(ke.skill_id)
        )
    return V2Profile(at, tuple(competences), skills, tuple(sorted(answered)))


def _profile_skill(
    bank: ItemBank, skill_id: str, operative: Mapping[str, tuple[str, ...]]
) -> ProfileSkill:
    skill = bank.skill(skill_id)
    return ProfileSkill(
        id=skill.id,
        name=skill.name,
        difficulty=skill.difficulty,
        version=SKILL_VERSION,
        challenge_ids=operative.get(skill_id, ()),
    )


def operative_challenges(bank: ItemBank, locale: str) -> Mapping[str, tuple[str, ...]]:
    """Each skill's operative (validated or archived) challenges in ``locale``, by id."""
    by_skill: defaultdict[str, list[str]] = defaultdict(list)
    for c in sorted(bank.challenges, key=lambda c: c.id):
        if c.status in OPERATIVE_STATUSES and locale in c.locales:
            by_skill[c.skill_id].append(c.id)
    return {skill: tuple(ids) for skill, ids in by_skill.items()}
