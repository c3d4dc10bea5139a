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
class Pool:
    """What the choice needs of the targets and challenges, computed once per content.

    ``tubes``: the target skills that have a challenge, by tube, easiest first;
    ``by_skill``: each target skill's challenges sorted by id. Neither depends on the learner,
    so a ledger builds them once per competence or campaign, not at every answer (ADR 1541).
    """

    targets: tuple[TargetSkill, ...]
    challenges: tuple[ChallengeOption, ...]
    tubes: dict[str, tuple[TargetSkill, ...]]
    by_skill: dict[str, tuple[ChallengeOption, ...]]

    @classmethod
    def of(cls, targets: tuple[TargetSkill, ...], challenges: tuple[ChallengeOption, ...]) -> Pool:
        """Group and sort once."""
        with_challenge = {c.skill_id for c in challenges}
        tubes: dict[str, list[TargetSkill]] = {}
        for s in targets:
            if s.id in with_challenge:
                tubes.setdefault(s.tube_id, []).append(s)
        by_skill: dict[str, list[ChallengeOption]] = {}
        for c in sorted(challenges, key=lambda c: c.id):
            by_skill.setdefault(c.skill_id, []).append(c)
        return cls(
            targets=targets,
            challenges=challenges,
            tubes={t: tuple(sorted(ss, key=lambda s: s.difficulty)) for t, ss in tubes.items()},
            by_skill={k: tuple(v) for k, v in by_skill.items()},
        )


@dataclass(frozen=True)
class Situation:
    """Everything the choice depends on.

    ``known``: the learner's current elements on the competence by skill (already filtered for
    an improving evaluation); ``answered``: challenges answered in this assessment;
    ``last_answer_timed``: None before the first answer of this assessment. ``pool``, when
    given, must be ``Pool.of(targets, challenges)`` (ledgers keep one per content).
    """

    targets: tuple[TargetSkill, ...]
    challenges: tuple[ChallengeOption, ...]
    known: Mapping[str, KnowledgeElement]
    answered: frozenset[str] = frozenset()
    last_answer_timed: bool | None = None
    pool: Pool | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.pool is None:
            object.__setattr__(self, "pool", Pool.of(self.targets, self.challenges))

    @property
    def tubes(self) -> dict[str, tuple[TargetSkill, ...]]:
        """Target skills that have a challenge, by tube, easiest first."""
        assert self.pool is not None
        return self.pool.tubes

    def skill_states(self) -> list[SkillState]:
        """Target skills in target order with their remaining challenges (sorted by id)."""
        assert self.pool is not None
        by_skill, answered, known = self.pool.by_skill, self.answered, self.known
        states = []
        for s in self.targets:
            options = by_skill.get(s.id, ())
            if answered and options:
                options = tuple(c for c in options if c.id not in answered)
            states.append(SkillState(s, options, s.id in known))
        return states

    def open_skills(self) -> list[SkillState]:
        """``skill_states`` of the skills still playable and untested (target order)."""
        assert self.pool is not None
        by_skill, answered, known = self.pool.by_skill, self.answered, self.known
        states = []
        for s in self.targets:
            if s.id in known:
                continue
            options = by_skill.get(s.id, ())
            if answered and options:
                options = tuple(c for c in options if c.id not in answered)
            if options:
                states.append(SkillState(s, options, False))
        return states


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


_PROBABILITIES: Final = {
    (level, d): probability(level, d) for level in CANDIDATE_LEVELS for d in range(9)
}
"""p(L, d) for every candidate level and integer difficulty 0-8: the very same floats."""


def predicted_level(observations: Iterable[tuple[int, bool]]) -> float:
    """The candidate level whose expected score best matches the direct answers plus anchors.

    score(L) = -|sum(outcome - p(L, d))|; the first (lowest) level with the best score wins.
    """
    obs = [*ANCHORS, *observations]
    table = _PROBABILITIES
    best_level, best_score = CANDIDATE_LEVELS[0], -math.inf
    for level in CANDIDATE_LEVELS:
        # Same terms in the same order as summing probability(level, d): same float result.
        score = -abs(
            sum(
                (1.0 if ok else 0.0) - (table.get((level, d)) or probability(level, d))
                for d, ok in obs
            )
        )
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
    return _reward(skill, level, [s for s in tube if s.id not in known])


def _reward(skill: TargetSkill, level: float, untested: Sequence[TargetSkill]) -> float:
    d = skill.difficulty
    p = _PROBABILITIES.get((level, d)) or probability(level, d)
    easier = sum(1 for s in untested if s.difficulty <= d)
    harder = sum(1 for s in untested if s.difficulty >= d)
    return p * easier + (1 - p) * harder


def candidate_skills(situation: Situation) -> tuple[list[SkillState], float, bool, float | None]:
    """Skills to draw from, the predicted level, whether untimed challenges are required, reward."""
    skills = situation.open_skills()
    skills = keep_easy_tubes(skills, situation.tubes)
    if situation.last_answer_timed is None:
        skills, untimed_only = drop_timed(skills)
        return focus_on_default_level(skills), float(DEFAULT_LEVEL), untimed_only, None
    level = predicted_level(direct_observations(situation.known))
    untimed_only = False
    if situation.last_answer_timed:
        skills, untimed_only = drop_timed(skills)
    skills = [s for s in skills if s.skill.difficulty - level <= MAX_LEVEL_GAP]
    # Each tube's untested skills once, not once per candidate skill (same counts, same floats).
    untested: dict[str, list[TargetSkill]] = {}
    for s in skills:
        tube_id = s.skill.tube_id
        if tube_id not in untested:
            untested[tube_id] = [t for t in situation.tubes[tube_id] if t.id not in situation.known]
    rewards = [_reward(s.skill, level, untested[s.skill.tube_id]) for s in skills]
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
