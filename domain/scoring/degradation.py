"""Degradation of the capacity of a candidate who left early (abort reason "candidate").

The missing answers are simulated as skipped (wrong) answers on the challenges the algorithm
would have served with p = 100 (always the best candidate), the estimate restarting from the raw
capacity over all answers, real and simulated. The degraded capacity is the last simulated one.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.errors import ScoringInputError
from domain.scoring.adaptive import AdaptiveTest
from domain.scoring.configuration import V3_DEGRADATION, FlashConfiguration
from domain.scoring.flash import estimate_capacity_history
from domain.scoring.inputs import Answer, ChallengePool
from domain.scoring.results import DegradationResult
from domain.scoring.selection import check_answer_count

__all__ = ["degrade_capacity", "raw_capacity", "should_degrade"]


def raw_capacity(
    asked: ChallengePool, answers: Sequence[Answer], configuration: FlashConfiguration
) -> float:
    """Capacity from all answers on the asked challenges, from the default start (-3)."""
    start = configuration.default_candidate_capacity
    history = estimate_capacity_history(asked, answers, start, configuration.variation_percent)
    return history[-1].capacity if history else start


def should_degrade(
    answer_count: int,
    abort_reason: str | None,
    configuration: FlashConfiguration,
    minimum_answers: int,
) -> bool:
    """Degrade iff minimum ≤ answers < maximum length and the abort reason is "candidate"."""
    return (
        minimum_answers <= answer_count < configuration.maximum_assessment_length
        and abort_reason == "candidate"
    )


def degrade_capacity(
    pool: ChallengePool,
    answers: Sequence[Answer],
    configuration: FlashConfiguration,
    capacity: float | None = None,
) -> DegradationResult:
    """Raw capacity and degraded capacity after simulating the missing answers as skips.

    ``pool`` is every calibrated challenge of the version (the simulation may serve any of them);
    ``capacity`` defaults to the raw capacity from the answers. With no missing answer, or when
    the rules run out of challenges before the first simulated step, the degraded capacity is the
    raw one; a lack of challenges later stops the simulation at the last completed step
    (docs/decisions/0104-degradation-edge-cases.md).
    """
    check_answer_count(len(answers), configuration)
    raw = raw_capacity(pool, answers, configuration) if capacity is None else capacity
    test = AdaptiveTest.replay(pool, configuration, answers, initial_capacity=raw)
    degraded = raw
    simulated: list[str] = []
    while test.answer_count < configuration.maximum_assessment_length:
        try:
            candidates = test.next_challenges().candidate_ids
        except ScoringInputError:
            break
        simulated.append(candidates[0])
        degraded = test.record(candidates[0], "aband").capacity
    return DegradationResult(
        capacity=raw,
        degraded_capacity=degraded,
        simulated_challenge_ids=tuple(simulated),
        algorithm=V3_DEGRADATION,
        configuration=configuration,
    )
