"""From capacity to pix score, reached mesh and competence levels, through capacity intervals.

Meshes (index: weight, coefficient): 0: 64/0, 1: 64/1, 2: 128/1, 3: 128/2, ... 8: 128/7, so the
pix ranges are 0-63, 64-127, 128-255, ... With n global intervals the maximum level is n - 1 and
the score is capped at (n - 1)·16·8 - 1 (895 for the 8 core intervals).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

from domain.scoring.configuration import V3_MESH_SCORING, CapacityInterval, V3ScoringConfiguration
from domain.scoring.results import MeshScore

__all__ = [
    "MESHES",
    "competence_level",
    "find_interval_index",
    "is_above_maximum",
    "mesh_score",
    "pix_score",
]

MESHES: Final[tuple[tuple[int, int], ...]] = (
    (64, 0),
    (64, 1),
    (128, 1),
    (128, 2),
    (128, 3),
    (128, 4),
    (128, 5),
    (128, 6),
    (128, 7),
)
_COMPETENCES_COUNT: Final = 16
_PIX_COUNT_BY_LEVEL: Final = 8
# JavaScript's Number.MAX_SAFE_INTEGER, the bound Pix substitutes for the extreme intervals.
_OPEN_BOUND: Final = 9007199254740991.0


def find_interval_index(capacity: float, intervals: Sequence[CapacityInterval]) -> int | None:
    """Index of the first interval with min ≤ θ < max; None below the first interval's min.

    Above every interval, or in a gap between intervals, the answer is the last index.
    """
    if capacity < intervals[0][0]:
        return None
    for index, (low, high) in enumerate(intervals):
        if low <= capacity < high:
            return index
    return len(intervals) - 1


def is_above_maximum(capacity: float, intervals: Sequence[CapacityInterval]) -> bool:
    """Tell whether θ reaches the last interval's max (the score is then the maximum score)."""
    return capacity >= intervals[-1][1]


def pix_score(capacity: float, intervals: Sequence[CapacityInterval]) -> int:
    """Global pix score: floor(w_i·(c_i + progress)) in the reached mesh i, capped at the maximum.

    progress = 1 - (max_i - θ)/(max_i - min_i); 0 below the first interval. Non-decreasing in θ
    when the intervals are ordered and contiguous.
    """
    maximum = (len(intervals) - 1) * _COMPETENCES_COUNT * _PIX_COUNT_BY_LEVEL - 1
    if is_above_maximum(capacity, intervals):
        return maximum
    index = find_interval_index(capacity, intervals)
    if index is None:
        return 0
    low, high = intervals[index]
    weight, coefficient = MESHES[index]
    progress = 1 - (high - capacity) / (high - low)
    return min(maximum, math.floor(weight * (coefficient + progress)))


def competence_level(capacity: float, intervals: Sequence[CapacityInterval]) -> int | None:
    """Level = position of the first interval with min ≤ θ < max, extremes opened to ±infinity.

    Intervals whose max is the overall max get an unbounded max, those whose min is the overall
    min an unbounded min. None when θ falls in a gap or only in inverted intervals.
    """
    top = max(high for _, high in intervals)
    bottom = min(low for low, _ in intervals)
    for level, (low, high) in enumerate(intervals):
        opened_low = -_OPEN_BOUND if low == bottom else low
        opened_high = _OPEN_BOUND if high == top else high
        if opened_low <= capacity < opened_high:
            return level
    return None


def mesh_score(capacity: float, configuration: V3ScoringConfiguration) -> MeshScore:
    """Score, mesh index and per-competence levels of one capacity under one configuration."""
    intervals = configuration.global_intervals
    levels: Mapping[str, int | None] = MappingProxyType(
        {
            code: competence_level(capacity, competence_intervals)
            for code, competence_intervals in configuration.competence_intervals.items()
        }
    )
    return MeshScore(
        capacity=capacity,
        pix_score=pix_score(capacity, intervals),
        mesh_index=find_interval_index(capacity, intervals),
        competence_levels=levels,
        algorithm=V3_MESH_SCORING,
        configuration=configuration,
    )
