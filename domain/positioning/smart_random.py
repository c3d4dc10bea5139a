"""Smart random: the adaptive choice of the next challenge of a competence evaluation (spec C).

Pure functions. The random choice among equally good skills and challenges comes from an
injected ``numpy.random.Generator``; the draws are returned in ``Pick.record()`` so the
ledger stores them with the served challenge and a replay needs no generator.

Order of the filters: playable, untested, easy tubes (max level <= 3, falling back to all);
then for the first challenge: untimed (fallback) and the default level 2 (else the lowest);
for the next ones: untimed if the last challenge was timed (fallback), then skills more than 2
above the predicted level dropped, then maximum expected information ("reward").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from domain.positioning.knowledge import DIRECT, KnowledgeElement, TargetSkill

ALGORITHM: Final = "smart-random"
VERSION: Final = 1
CANDIDATE_LEVELS: Final = tuple(x / 2 for x in range(1, 16))
"""The 15 levels the estimate chooses from: 0.5, 1, ..., 7.5."""
ANCHORS: Final = ((0, True), (7, False))
"""Two virtual answers: right at difficulty 0, wrong at difficulty 7."""
DEFAULT_LEVEL: Final = 2
"""Difficulty of the first challenge, and estimate reported for it."""
MAX_EASY_TUBE_LEVEL: Final = 3
MAX_LEVEL_GAP: Final = 2
"""Skills more than this above the predicted level are too hard."""


@dataclass(frozen=True, slots=True)
class ChallengeOption:
    """A servable challenge of the competence, as the algorithm sees it."""

    id: str
    skill_id: str
    timed: bool


@dataclass(frozen=True, slots=True)
class SkillState:
    """A target skill with its remaining (unanswered) challenges and whether it counts as timed."""

    skill: TargetSkill
    challenges: tuple[ChallengeOption, ...]
    tested: bool

    @property
    def playable(self) -> bool:
        """At least one challenge of the skill is left to serve."""
        return bool(self.challenges)

    @property
    def timed(self) -> bool:
        """As in the spec: the skill's first remaining challenge is timed."""
        return bool(self.challenges) and self.challenges[0].timed


@dataclass(frozen=True)
class Situation:
    """Everything the choice depends on.

    ``known``: the learner's current elements on the competence by skill (already filtered for
    an improving evaluation); ``answered``: challenges answered in this assessment;
    ``last_answer_timed``: None before the first answer of this assessment.
    """

    targets: tuple[TargetSkill, ...]
    challenges: tuple[ChallengeOption, ...]
    known: Mapping[str, KnowledgeElement]
    answered: frozenset[str] = frozenset()
    last_answer_timed: bool | None = None
    tubes: dict[str, tuple[TargetSkill, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        with_challenge = {c.skill_id for c in self.challenges}
        tubes: dict[str, list[TargetSkill]] = {}
        for s in self.targets:
            if s.id in with_challenge:
                tubes.setdefault(s.tube_id, []).append(s)
        sorted_tubes = {t: tuple(sorted(ss, key=lambda s: s.difficulty)) for t, ss in tubes.items()}
        object.__setattr__(self, "tubes", sorted_tubes)

    def skill_states(self) -> list[SkillState]:
        """Target skills in target order with their remaining challenges (sorted by id)."""
        remaining: dict[str, list[ChallengeOption]] = {}
        for c in sorted(self.challenges, key=lambda c: c.id):
            if c.id not in self.answered:
                remaining.setdefault(c.skill_id, []).append(c)
        return [
            SkillState(s, tuple(remaining.get(s.id, ())), s.id in self.known) for s in self.targets
        ]


@dataclass(frozen=True)
class Pick:
    """The chosen challenge and how: candidates in order, the draws and the untimed restriction."""

    challenge_id: str
    skill_id: str
    predicted_level: float
    candidates: tuple[str, ...]
    skill_draw: int
    challenge_draw: int
    challenge_count: int
    reward: float | None

    def record(self) -> dict[str, Any]:
        """The ``selection`` recorded with the served challenge."""
        return {
            "algorithm": ALGORITHM,
            "version": VERSION,
            "predicted_level": self.predicted_level,
            "candidates": list(self.candidates),
            "skill_id": self.skill_id,
            "skill_draw": self.skill_draw,
            "challenge_draw": self.challenge_draw,
            "challenge_count": self.challenge_count,
            "reward": self.reward,
        }


def probability(level: float, difficulty: float) -> float:
    """Success probability of a learner at ``level`` on a skill of ``difficulty`` (logistic)."""
    return 1.0 / (1.0 + math.exp(-(level - difficulty)))


def predicted_level(observations: Iterable[tuple[int, bool]]) -> float:
    """The candidate level whose expected score best matches the direct answers plus anchors.

    score(L) = -|sum(outcome - p(L, d))|; the first (lowest) level with the best score wins.
    """
    obs = [*ANCHORS, *observations]
    best_level, best_score = CANDIDATE_LEVELS[0], -math.inf
    for level in CANDIDATE_LEVELS:
        score = -abs(sum((1.0 if ok else 0.0) - probability(level, d) for d, ok in obs))
        if score > best_score:
            best_level, best_score = level, score
    return best_level


def direct_observations(known: Mapping[str, KnowledgeElement]) -> list[tuple[int, bool]]:
    """(difficulty, validated) of each direct element; inferred ones do not count."""
    return [(ke.difficulty, ke.is_validated) for ke in known.values() if ke.source == DIRECT]


def keep_easy_tubes(
    skills: list[SkillState], tubes: Mapping[str, Sequence[TargetSkill]]
) -> list[SkillState]:
    """Skills of tubes whose hardest skill is at most level 3; all of them if there are none."""
    easy = {t for t, ss in tubes.items() if ss and ss[-1].difficulty <= MAX_EASY_TUBE_LEVEL}
    kept = [s for s in skills if s.skill.tube_id in easy]
    return kept or skills


def drop_timed(skills: list[SkillState]) -> tuple[list[SkillState], bool]:
    """Untimed skills, and True; or all of them and False when every one is timed."""
    untimed = [s for s in skills if not s.timed]
    return (untimed, True) if untimed else (skills, False)


def focus_on_default_level(skills: Sequence[SkillState]) -> list[SkillState]:
    """Skills of difficulty 2; if none, those of the lowest difficulty (input order kept)."""
    if any(s.skill.difficulty == DEFAULT_LEVEL for s in skills):
        return [s for s in skills if s.skill.difficulty == DEFAULT_LEVEL]
    lowest = min((s.skill.difficulty for s in skills), default=None)
    return [s for s in skills if s.skill.difficulty == lowest]


def reward(
    skill: TargetSkill, level: float, tube: Sequence[TargetSkill], known: Mapping[str, Any]
) -> float:
    """Expected number of skills settled by asking ``skill``: p x easier + (1 - p) x harder.

    Easier (harder) counts the untested skills of the tube at most (at least) as hard,
    ``skill`` included.
    """
    p = probability(level, skill.difficulty)
    untested = [s for s in tube if s.id not in known]
    easier = sum(1 for s in untested if s.difficulty <= skill.difficulty)
    harder = sum(1 for s in untested if s.difficulty >= skill.difficulty)
    return p * easier + (1 - p) * harder


def candidate_skills(situation: Situation) -> tuple[list[SkillState], float, bool, float | None]:
    """Skills to draw from, the predicted level, whether untimed challenges are required, reward."""
    skills = [s for s in situation.skill_states() if s.playable and not s.tested]
    skills = keep_easy_tubes(skills, situation.tubes)
    if situation.last_answer_timed is None:
        skills, untimed_only = drop_timed(skills)
        return focus_on_default_level(skills), float(DEFAULT_LEVEL), untimed_only, None
    level = predicted_level(direct_observations(situation.known))
    untimed_only = False
    if situation.last_answer_timed:
        skills, untimed_only = drop_timed(skills)
    skills = [s for s in skills if s.skill.difficulty - level <= MAX_LEVEL_GAP]
    rewards = [
        reward(s.skill, level, situation.tubes[s.skill.tube_id], situation.known) for s in skills
    ]
    best = max(rewards, default=0.0)
    kept = [s for s, r in zip(skills, rewards, strict=True) if r == best and r > 0]
    return kept, level, untimed_only, (best if kept else None)


def choose_next(situation: Situation, rng: np.random.Generator) -> Pick | None:
    """The next challenge, or None when no skill is left (the evaluation then ends)."""
    skills, level, untimed_only, best = candidate_skills(situation)
    if not skills:
        return None
    skill_draw = int(rng.integers(len(skills)))
    chosen = skills[skill_draw]
    # Honour "no timed question after a timed one" for the challenge too, not only the skill.
    options = [c for c in chosen.challenges if not (untimed_only and c.timed)] or list(
        chosen.challenges
    )
    challenge_draw = int(rng.integers(len(options)))
    return Pick(
        challenge_id=options[challenge_draw].id,
        skill_id=chosen.skill.id,
        predicted_level=level,
        candidates=tuple(s.skill.id for s in skills),
        skill_draw=skill_draw,
        challenge_draw=challenge_draw,
        challenge_count=len(options),
        reward=best,
    )
