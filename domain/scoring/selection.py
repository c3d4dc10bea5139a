"""Next-challenge selection: the rule engine, the Fisher-information reward, the stable top 5.

Rules run in a fixed order, each on the previous one's output:
1. one question per tube (or, when off, one per skill);
2. passage by all competences (from the full pool: the challenges of competences not yet answered);
3. no question on the competences of the last N answers, unless that would leave nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from domain.errors import ScoringInputError
from domain.scoring.configuration import V3_NEXT_CHALLENGE, FlashConfiguration
from domain.scoring.flash import estimate_capacity_history
from domain.scoring.inputs import Answer, ChallengePool
from domain.scoring.irt import fisher_information
from domain.scoring.results import NextChallenges

__all__ = [
    "MAX_CANDIDATES",
    "AnsweredFacts",
    "eligible_challenges",
    "possible_next_challenges",
    "rank_by_information",
]

MAX_CANDIDATES: Final = 5

BoolArray = npt.NDArray[np.bool_]
IndexArray = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class AnsweredFacts:
    """What the rules need from the answers: pool positions of answered challenges, in order."""

    positions: tuple[int, ...]

    def recent_competences(self, pool: ChallengePool, count: int) -> IndexArray:
        """Competence codes of the last ``count`` answers."""
        if count <= 0 or not self.positions:
            return np.empty(0, dtype=np.intp)
        recent = np.asarray(self.positions[-count:], dtype=np.intp)
        return np.asarray(pool.competence_codes[recent], dtype=np.intp)


def _seen(codes: IndexArray, answered: IndexArray, size: int) -> BoolArray:
    flags = np.zeros(size, dtype=np.bool_)
    flags[answered] = True
    return np.asarray(flags[codes], dtype=np.bool_)


def eligible_challenges(
    pool: ChallengePool, facts: AnsweredFacts, configuration: FlashConfiguration
) -> BoolArray:
    """Mask over the pool of the challenges the rule engine lets through (may be all False)."""
    answered = np.asarray(facts.positions, dtype=np.intp)
    if configuration.limit_to_one_question_per_tube:
        tubes = pool.tube_codes
        available = ~_seen(tubes, tubes[answered], len(pool.tube_index))
    else:
        skills = pool.skill_codes
        available = ~_seen(skills, skills[answered], len(pool.skill_index))
    competences = pool.competence_codes
    if configuration.enable_passage_by_all_competences:
        # Taken from the full pool, as specified: nothing answered can reappear because tubes and
        # skills nest inside competences.
        remaining = ~_seen(competences, competences[answered], len(pool.competence_index))
        if remaining.any():
            available = remaining
    recent = facts.recent_competences(pool, configuration.challenges_between_same_competence)
    if recent.size:
        spaced = available & ~_seen(competences, recent, len(pool.competence_index))
        if spaced.any():
            available = spaced
    return available


def rank_by_information(
    pool: ChallengePool, eligible: BoolArray, capacity: float, limit: int = MAX_CANDIDATES
) -> IndexArray:
    """Positions of the ``limit`` eligible challenges with the highest reward I(θ), best first.

    The sort is stable: equal rewards keep pool order.
    """
    count = min(limit, int(np.count_nonzero(eligible)))
    if count == 0:
        return np.empty(0, dtype=np.intp)
    # Rewards are >= 0, so -inf marks the ineligible; negated so that "best" sorts first.
    costs = np.where(
        eligible, -fisher_information(capacity, pool.discriminants, pool.difficulties), np.inf
    )
    # Everything at least as good as the count-th best (ties included), in pool order, then a
    # stable sort of that handful: the same result as a stable sort of the whole pool.
    threshold = np.partition(costs, count - 1)[count - 1]
    contenders = np.flatnonzero(costs <= threshold)
    order = np.argsort(costs[contenders], kind="stable")[:count]
    return np.asarray(contenders[order], dtype=np.intp)


def check_answer_count(answer_count: int, configuration: FlashConfiguration) -> None:
    """Refuse more answers than the test allows."""
    if answer_count > configuration.maximum_assessment_length:
        raise ScoringInputError(
            f"{answer_count} answers exceed the maximum assessment length "
            f"{configuration.maximum_assessment_length}"
        )


def candidates_after(
    pool: ChallengePool,
    facts: AnsweredFacts,
    capacity: float,
    configuration: FlashConfiguration,
) -> tuple[str, ...]:
    """Top candidates at ``capacity`` once the answers in ``facts`` are known (rules + ranking).

    Empty when the test is complete; ScoringInputError when the rules leave no challenge.
    """
    check_answer_count(len(facts.positions), configuration)
    if len(facts.positions) == configuration.maximum_assessment_length:
        return ()
    eligible = eligible_challenges(pool, facts, configuration)
    if not eligible.any():
        raise ScoringInputError(
            f"no challenge left to serve after {len(facts.positions)} answers "
            "(the pool lacks challenges for the selection rules)"
        )
    ranked = rank_by_information(pool, eligible, capacity)
    return tuple(pool.challenges[i].id for i in ranked)


def possible_next_challenges(
    pool: ChallengePool,
    answers: Sequence[Answer],
    configuration: FlashConfiguration,
    initial_capacity: float | None = None,
) -> NextChallenges:
    """Up to 5 next challenges for a candidate, recomputing the capacity from all answers.

    The capacity starts at ``initial_capacity`` or the configured default (-3) and applies the
    configured variation limit. More answers than the maximum length is an error; exactly the
    maximum gives no candidate (the test is over).
    """
    check_answer_count(len(answers), configuration)
    start = (
        configuration.default_candidate_capacity if initial_capacity is None else initial_capacity
    )
    history = estimate_capacity_history(pool, answers, start, configuration.variation_percent)
    capacity = history[-1].capacity if history else start
    facts = AnsweredFacts(tuple(int(i) for i in pool.locate_answers(answers)))
    return NextChallenges(
        capacity=capacity,
        candidate_ids=candidates_after(pool, facts, capacity, configuration),
        algorithm=V3_NEXT_CHALLENGE,
        configuration=configuration,
    )
