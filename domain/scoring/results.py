"""Frozen results holding Python scalars only (numpy stops at the scoring boundary).

Each top-level result names the algorithm and version that produced it and the configuration it
used, so an event can store it and a later rescoring can recompute it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from domain.errors import ScoringInputError
from domain.scoring.configuration import (
    AlgorithmVersion,
    FlashConfiguration,
    V2Configuration,
    V3ScoringConfiguration,
)

__all__ = [
    "CapacityEstimate",
    "CompetenceMark",
    "DegradationResult",
    "EstimationResult",
    "MeshScore",
    "NextChallenges",
    "PickDraw",
    "V2CompetenceResult",
    "V2Result",
    "V3Result",
]


@dataclass(frozen=True, slots=True)
class CapacityEstimate:
    """Capacity θ after one answer, and the standard error around it (informative only)."""

    capacity: float
    error_rate: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.capacity) and math.isfinite(self.error_rate)):
            # Every capacity of the grid made the answers impossible (probabilities underflow):
            # refuse rather than hand out NaN, which JSON would turn into null.
            raise ScoringInputError(
                "the answers are impossible at every capacity for these challenge parameters"
            )


@dataclass(frozen=True, slots=True)
class EstimationResult:
    """The capacity history of a flash estimation, one item per answer, and how it was made."""

    history: tuple[CapacityEstimate, ...]
    initial_capacity: float
    variation_percent: float | None
    algorithm: AlgorithmVersion

    @property
    def final(self) -> CapacityEstimate:
        """The last estimate, or (initial capacity, error rate 5) when there is no answer."""
        return self.history[-1] if self.history else CapacityEstimate(self.initial_capacity, 5.0)


@dataclass(frozen=True, slots=True)
class NextChallenges:
    """Up to five candidate challenge ids, most informative first (empty: the test is over)."""

    capacity: float
    candidate_ids: tuple[str, ...]
    algorithm: AlgorithmVersion
    configuration: FlashConfiguration


@dataclass(frozen=True, slots=True)
class PickDraw:
    """A recorded pick: the uniform draws in [0, 100) that were used, and the chosen rank.

    Replaying ``draws`` with the same probability and candidate count yields ``rank`` again,
    without a random generator.
    """

    draws: tuple[float, ...]
    rank: int
    probability_percent: float
    candidate_count: int


@dataclass(frozen=True, slots=True)
class MeshScore:
    """Pix score, reached mesh index (None below the first mesh) and levels per competence."""

    capacity: float
    pix_score: int
    mesh_index: int | None
    competence_levels: Mapping[str, int | None]
    algorithm: AlgorithmVersion
    configuration: V3ScoringConfiguration


@dataclass(frozen=True, slots=True)
class DegradationResult:
    """Raw capacity and the capacity after simulating the missing answers as skipped."""

    capacity: float
    degraded_capacity: float
    simulated_challenge_ids: tuple[str, ...]
    algorithm: AlgorithmVersion
    configuration: FlashConfiguration


@dataclass(frozen=True, slots=True)
class CompetenceMark:
    """A certified competence level (v3: score always 0; v2: certified pix of the competence)."""

    competence_id: str
    level: int
    score: int


@dataclass(frozen=True, slots=True)
class V3Result:
    """Outcome of the v3 decision tree: status, auto jury comment key and what gets stored."""

    status: str
    auto_jury_comment: str | None
    pix_score: int | None
    competence_marks: tuple[CompetenceMark, ...]
    capacity: float | None
    mesh_index: int | None
    degraded: bool
    algorithm: AlgorithmVersion
    configuration: V3ScoringConfiguration
    challenges_configuration: FlashConfiguration


@dataclass(frozen=True, slots=True)
class V2CompetenceResult:
    """One competence of a v2 test: the counts looked up in the rule table and the mark."""

    competence_id: str
    challenges: int
    correct: int
    neutralized: int
    rule: int | None
    mark: CompetenceMark


@dataclass(frozen=True, slots=True)
class V2Result:
    """Outcome of v2 scoring: reproducibility rate (percent), trust, marks, pix and status."""

    reproducibility_rate: int
    trusted: bool
    competences: tuple[V2CompetenceResult, ...]
    pix_score: int
    status: str
    auto_jury_comment: str | None
    algorithm: AlgorithmVersion
    configuration: V2Configuration
