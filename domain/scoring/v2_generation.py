"""v2 test generation: up to 3 challenges per certifiable competence, from its validated skills.

Per competence: skills deduplicated by name (highest version kept), grouped by difficulty, hardest
group first; one random challenge per skill, preferring challenges the candidate never answered;
within a group, challenges of tubes not yet in the test come first; stop after the group that
brings the count to 3 or more and keep the first 3.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

import numpy as np

from domain.scoring.configuration import V2_GENERATION, AlgorithmVersion, V2Configuration

__all__ = ["ProfileSkill", "V2Test", "generate_v2_test"]


@dataclass(frozen=True, slots=True)
class ProfileSkill:
    """A directly validated skill of the profile with its operative challenges in the locale.

    ``name`` is "@tube" followed by the difficulty digit; the tube is the name minus its last
    character.
    """

    id: str
    name: str
    difficulty: int
    version: int
    challenge_ids: tuple[str, ...]

    @property
    def tube_name(self) -> str:
        """The skill name without its trailing difficulty digit."""
        return self.name[:-1]


@dataclass(frozen=True, slots=True)
class V2Test:
    """Challenge ids of a v2 test per competence, in serving order, and how they were drawn."""

    challenges: Mapping[str, tuple[str, ...]]
    algorithm: AlgorithmVersion
    configuration: V2Configuration


def _latest_versions(skills: Sequence[ProfileSkill]) -> list[ProfileSkill]:
    latest: dict[str, ProfileSkill] = {}
    for skill in skills:
        kept = latest.get(skill.name)
        if kept is None or skill.version > kept.version:
            latest[skill.name] = skill
    return list(latest.values())


def _pick(skill: ProfileSkill, answered: Collection[str], rng: np.random.Generator) -> str:
    fresh = [c for c in skill.challenge_ids if c not in answered]
    choices = fresh or list(skill.challenge_ids)
    return choices[int(rng.integers(len(choices)))]


def _competence_challenges(
    skills: Sequence[ProfileSkill],
    answered: Collection[str],
    rng: np.random.Generator,
    wanted: int,
) -> tuple[str, ...]:
    hardest_first = sorted(_latest_versions(skills), key=lambda s: -s.difficulty)
    chosen: list[tuple[str, str]] = []
    for _, group in groupby(hardest_first, key=lambda s: s.difficulty):
        tubes = {tube for _, tube in chosen}
        picks = [(_pick(s, answered, rng), s.tube_name) for s in group if s.challenge_ids]
        chosen += [p for p in picks if p[1] not in tubes] + [p for p in picks if p[1] in tubes]
        if len(chosen) >= wanted:
            break
    return tuple(challenge for challenge, _ in chosen[:wanted])


def generate_v2_test(
    certifiable_skills: Mapping[str, Sequence[ProfileSkill]],
    already_answered: Collection[str],
    rng: np.random.Generator,
    configuration: V2Configuration | None = None,
) -> V2Test:
    """Draw the v2 test from the skills of each certifiable competence (level ≥ 1).

    ``already_answered`` holds the challenges answered through directly validated knowledge
    elements. A competence with fewer usable skills gets fewer challenges; one without gets none.
    """
    config = configuration or V2Configuration()
    answered = frozenset(already_answered)
    return V2Test(
        challenges={
            competence: _competence_challenges(
                skills, answered, rng, config.challenges_per_competence
            )
            for competence, skills in certifiable_skills.items()
        },
        algorithm=V2_GENERATION,
        configuration=config,
    )
