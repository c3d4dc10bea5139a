"""The random pick among the ranked candidates, recorded so it replays without a generator.

Rule: with p the percentage, take rank 0 when a uniform draw u in [0, 100) is < p, else drop it and
recurse on the rest; the last remaining candidate is taken without a draw. So
P(rank i) = (p/100)(1 - p/100)^i for i < n - 1 and (1 - p/100)^(n - 1) for the last.
p = 100 never draws (always the best), which keeps degradation free of randomness.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from domain.errors import ScoringInputError
from domain.scoring.results import PickDraw

__all__ = ["pick_probabilities", "pick_rank", "replay_pick"]


def pick_rank(
    candidate_count: int, probability_percent: float, rng: np.random.Generator
) -> PickDraw:
    """Draw the rank to serve among ``candidate_count`` ranked candidates.

    Consumes one ``rng.random()`` per rank passed over (at most n - 1); the returned draws are the
    values x100 actually compared with ``probability_percent``.
    """
    if candidate_count < 1:
        raise ScoringInputError("cannot pick among zero candidates")
    draws: list[float] = []
    rank = 0
    while rank < candidate_count - 1 and probability_percent < 100:
        u = float(rng.random()) * 100
        draws.append(u)
        if u < probability_percent:
            break
        rank += 1
    return PickDraw(tuple(draws), rank, float(probability_percent), candidate_count)


def replay_pick(draws: Sequence[float], candidate_count: int, probability_percent: float) -> int:
    """Recompute the rank from recorded draws; ScoringInputError if they do not fit the rule."""
    if candidate_count < 1:
        raise ScoringInputError("cannot pick among zero candidates")
    rank = 0
    used = 0
    while rank < candidate_count - 1 and probability_percent < 100:
        if used == len(draws):
            raise ScoringInputError("recorded draws end before a candidate was chosen")
        u = draws[used]
        used += 1
        if u < probability_percent:
            break
        rank += 1
    if used != len(draws):
        raise ScoringInputError("recorded draws continue after a candidate was chosen")
    return rank


def pick_probabilities(candidate_count: int, probability_percent: float) -> tuple[float, ...]:
    """Probability of each rank under the pick rule (sums to 1)."""
    p = probability_percent / 100
    head = tuple(p * (1 - p) ** i for i in range(candidate_count - 1))
    return (*head, (1 - p) ** (candidate_count - 1))
