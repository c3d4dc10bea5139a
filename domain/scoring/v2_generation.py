"""v2 test generation: up to 3 challenges per certifiable competence, from its validated skills.

Per competence: skills deduplicated by name (highest version kept), grouped by difficulty, hardest
group first; one random challenge per skill, preferring challenges the candidate never answered;
within a group, challenges of tubes not yet in the test come first; stop after the group that
brings the count to 3 or more and keep the first 3. Every draw is returned as a ``V2Pick``
so a ledger can record it and ``replay_v2_test`` can rebuild the test without any generator.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

import numpy as np

from domain.errors import ScoringInputError
from domain.scoring.configuration import V2_GENERATION, AlgorithmVersion, V2Configuration

__all__ = ["ProfileSkill", "V2Pick", "V2Test", "generate_v2_test", "replay_v2_test"]

Draw = Callable[[int], int]
"""Given how many challenges a skill offers, the index of the one taken."""


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
class V2Pick:
    """One draw: the skill, the challenges it chose among (unseen ones if any), the index taken.

    A skill whose pick is later cut by the 3-per-competence limit still has its draw here: the
    generator was consumed, so the replay must consume the same indices in the same order.
    """

    competence_id: str
    skill_id: str
    choices: tuple[str, ...]
    index: int


@dataclass(frozen=True, slots=True)
class V2Test:
    """Challenge ids of a v2 test per competence, in serving order, and how they were drawn."""

    challenges: Mapping[str, tuple[str, ...]]
    algorithm: AlgorithmVersion
    configuration: V2Configuration
    picks: tuple[V2Pick, ...] = ()


def _latest_versions(skills: Sequence[ProfileSkill]) -> list[ProfileSkill]:
    latest: dict[str, ProfileSkill] = {}
    for skill in skills:
        kept = latest.get(skill.name)
        if kept is None or skill.version > kept.version:
            latest[skill.name] = skill
    return list(latest.values())


def _competence_challenges(
    competence_id: str,
    skills: Sequence[ProfileSkill],
    answered: Collection[str],
    draw: Draw,
    wanted: int,
    drawn: list[V2Pick],
) -> tuple[str, ...]:
    def pick(skill: ProfileSkill) -> str:
        fresh = tuple(c for c in skill.challenge_ids if c not in answered)
        choices = fresh or skill.challenge_ids
        index = draw(len(choices))
        drawn.append(V2Pick(competence_id, skill.id, choices, index))
        return choices[index]

    hardest_first = sorted(_latest_versions(skills), key=lambda s: -s.difficulty)
    chosen: list[tuple[str, str]] = []
    for _, group in groupby(hardest_first, key=lambda s: s.difficulty):
        tubes = {tube for _, tube in chosen}
        picks = [(pick(s), s.tube_name) for s in group if s.challenge_ids]
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
    return _generate(
        certifiable_skills, already_answered, lambda n: int(rng.integers(n)), configuration
    )


def replay_v2_test(
    certifiable_skills: Mapping[str, Sequence[ProfileSkill]],
    already_answered: Collection[str],
    indices: Sequence[int],
    configuration: V2Configuration | None = None,
) -> V2Test:
    """The test that recorded draws give back from the same inputs, without any generator.

    Raises ScoringInputError when the indices do not fit the inputs (one out of range, too
    few, or some left over): the record and its inputs disagree.
    """
    remaining = list(reversed(indices))

    def recorded(n: int) -> int:
        if not remaining:
            raise ScoringInputError("the recorded v2 draws are fewer than the picks")
        index = remaining.pop()
        if not 0 <= index < n:
            raise ScoringInputError(f"recorded v2 draw {index} outside 0..{n - 1}")
        return index

    test = _generate(certifiable_skills, already_answered, recorded, configuration)
    if remaining:
        raise ScoringInputError(f"{len(remaining)} recorded v2 draws were not used")
    return test


def _generate(
    certifiable_skills: Mapping[str, Sequence[ProfileSkill]],
    already_answered: Collection[str],
    draw: Draw,
    configuration: V2Configuration | None,
) -> V2Test:
    config = configuration or V2Configuration()
    answered = frozenset(already_answered)
    drawn: list[V2Pick] = []
    challenges = {
        competence: _competence_challenges(
            competence, skills, answered, draw, config.challenges_per_competence, drawn
        )
        for competence, skills in certifiable_skills.items()
    }
    return V2Test(
        challenges=challenges,
        algorithm=V2_GENERATION,
        configuration=config,
        picks=tuple(drawn),
    )
