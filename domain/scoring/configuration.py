"""Versioned algorithm identities and their configuration objects (defaults: the spec's seeds).

Every result carries the ``AlgorithmVersion`` that produced it and the configuration it used, so a
stored result can always be recomputed. A behaviour change means a new version number here, never
a silent edit of an existing one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from domain.errors import ScoringInputError
from domain.scoring.inputs import PARAMETER_LIMIT

__all__ = [
    "ANSWER_CHECKING",
    "FLASH_ESTIMATION",
    "SEED_COMPETENCE_INTERVALS",
    "SEED_GLOBAL_INTERVALS",
    "V2_GENERATION",
    "V2_SCORING",
    "V3_DEGRADATION",
    "V3_MESH_SCORING",
    "V3_NEXT_CHALLENGE",
    "V3_RESULT",
    "AlgorithmVersion",
    "CapacityInterval",
    "FlashConfiguration",
    "V2Configuration",
    "V3ScoringConfiguration",
]

CapacityInterval = tuple[float, float]
"""A half-open capacity interval ``[min, max)``."""


@dataclass(frozen=True, slots=True)
class AlgorithmVersion:
    """Name and version of one algorithm; results record it for reproducible rescoring."""

    name: str
    version: int


FLASH_ESTIMATION: Final = AlgorithmVersion("flash-capacity-estimation", 1)
V3_NEXT_CHALLENGE: Final = AlgorithmVersion("v3-next-challenge", 1)
V3_DEGRADATION: Final = AlgorithmVersion("v3-degradation", 1)
V3_MESH_SCORING: Final = AlgorithmVersion("v3-mesh-scoring", 1)
V3_RESULT: Final = AlgorithmVersion("v3-result", 1)
V2_GENERATION: Final = AlgorithmVersion("v2-generation", 1)
V2_SCORING: Final = AlgorithmVersion("v2-scoring", 1)
ANSWER_CHECKING: Final = AlgorithmVersion("answer-checking", 1)

# Newer seed (first interval starts at -4.67): docs/decisions/0101-seed-scoring-configuration.md.
SEED_GLOBAL_INTERVALS: Final[tuple[CapacityInterval, ...]] = (
    (-4.67, -1.4),
    (-1.4, -0.519),
    (-0.519, 0.6),
    (0.6, 1.5),
    (1.5, 2.25),
    (2.25, 3.1),
    (3.1, 4.0),
    (4.0, 8.0),
)
# The extreme bounds are opened to infinity at lookup, so -8 and 8 only mark the ends.
_SEED_LEVELS: Final[tuple[CapacityInterval, ...]] = (
    (-8.0, -2.0),
    (-2.0, -1.0),
    (-1.0, 0.5),
    (0.5, 1.0),
    (1.0, 2.0),
    (2.0, 3.0),
    (3.0, 4.0),
    (4.0, 8.0),
)
_CORE_COMPETENCES: Final = (
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1",
    "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2",
)  # fmt: skip
SEED_COMPETENCE_INTERVALS: Final[Mapping[str, tuple[CapacityInterval, ...]]] = MappingProxyType(
    dict.fromkeys(_CORE_COMPETENCES, _SEED_LEVELS)
)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ScoringInputError(message)


@dataclass(frozen=True, slots=True)
class FlashConfiguration:
    """The v3 "challenges configuration": test length, selection rules, estimation and pick.

    ``variation_percent`` is a fraction in [0, 1] (0.5 = 50 %); 0 or None disables the limit.
    ``default_probability_to_pick_challenge`` is a percentage in [0, 100].
    """

    maximum_assessment_length: int = 32
    challenges_between_same_competence: int = 2
    limit_to_one_question_per_tube: bool = True
    enable_passage_by_all_competences: bool = True
    variation_percent: float | None = 0.5
    default_candidate_capacity: float = -3.0
    default_probability_to_pick_challenge: float = 51.0

    def __post_init__(self) -> None:
        _require(self.maximum_assessment_length >= 0, "maximum_assessment_length must be >= 0")
        _require(
            self.challenges_between_same_competence >= 0,
            "challenges_between_same_competence must be >= 0",
        )
        _require(
            self.variation_percent is None or 0 <= self.variation_percent <= 1,
            "variation_percent must be in [0, 1]",
        )
        _require(
            math.isfinite(self.default_candidate_capacity)
            and abs(self.default_candidate_capacity) <= PARAMETER_LIMIT,
            f"default_candidate_capacity must be finite and within ±{PARAMETER_LIMIT:g}",
        )
        _require(
            0 <= self.default_probability_to_pick_challenge <= 100,
            "default_probability_to_pick_challenge must be in [0, 100]",
        )


def _check_intervals(name: str, intervals: Sequence[CapacityInterval]) -> None:
    _require(len(intervals) > 0, f"{name} needs at least one interval")
    for low, high in intervals:
        _require(math.isfinite(low) and math.isfinite(high), f"{name} bounds must be finite")


@dataclass(frozen=True)
class V3ScoringConfiguration:
    """Mesh intervals, competence intervals (level = position) and the minimum answer count.

    The global interval count n sets the maximum level n - 1 and the maximum score
    (n - 1) * 16 * 8 - 1 (895 for 8 intervals).
    """

    global_intervals: tuple[CapacityInterval, ...] = SEED_GLOBAL_INTERVALS
    competence_intervals: Mapping[str, tuple[CapacityInterval, ...]] = field(
        default_factory=lambda: SEED_COMPETENCE_INTERVALS
    )
    minimum_answers: int = 20

    def __post_init__(self) -> None:
        _check_intervals("global_intervals", self.global_intervals)
        _require(len(self.global_intervals) <= 9, "global_intervals holds at most 9 meshes")
        for code, intervals in self.competence_intervals.items():
            _check_intervals(f"competence {code} intervals", intervals)
        _require(self.minimum_answers >= 0, "minimum_answers must be >= 0")


@dataclass(frozen=True, slots=True)
class V2Configuration:
    """Settings of the v2 rules; ``max_reachable_level`` is the README's "today 7" by default."""

    max_reachable_level: int = 7
    challenges_per_competence: int = 3

    def __post_init__(self) -> None:
        _require(1 <= self.max_reachable_level <= 8, "max_reachable_level must be in 1..8")
        _require(self.challenges_per_competence >= 1, "challenges_per_competence must be >= 1")
