"""Simulated candidates of known capacity sitting the whole v3 test, to check the engine's accuracy.

Each candidate answers right with the 2PL probability at its true capacity; the pick and the
answers both draw from the generator passed in, so a seed reproduces the whole report.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from domain.scoring.adaptive import AdaptiveTest
from domain.scoring.configuration import (
    AlgorithmVersion,
    FlashConfiguration,
    V3ScoringConfiguration,
)
from domain.scoring.inputs import AnswerStatus, ChallengePool, check_bounded
from domain.scoring.irt import success_probability
from domain.scoring.meshes import find_interval_index, pix_score
from domain.scoring.picking import pick_rank

__all__ = ["SIMULATION", "SimulationReport", "SimulationRow", "simulate_candidates"]

SIMULATION = AlgorithmVersion("v3-simulation", 1)


@dataclass(frozen=True, slots=True)
class SimulationRow:
    """Accuracy for one true capacity: bias and RMSE of the final capacity, scores, coverage.

    ``mean_competence_coverage`` is the mean share (0..1) of the pool's competences served.
    """

    true_capacity: float
    candidates: int
    bias: float
    rmse: float
    mean_pix_score: float
    min_pix_score: int
    max_pix_score: int
    mean_competence_coverage: float


@dataclass(frozen=True, slots=True)
class SimulationReport:
    """Rows per true capacity and the count of candidates per reached mesh ("none" below mesh 0)."""

    rows: tuple[SimulationRow, ...]
    mesh_distribution: tuple[tuple[str, int], ...]
    seed: int | None
    algorithm: AlgorithmVersion
    configuration: FlashConfiguration
    scoring_configuration: V3ScoringConfiguration


def _sit(
    pool: ChallengePool, true_capacity: float, config: FlashConfiguration, rng: np.random.Generator
) -> tuple[float, int]:
    test = AdaptiveTest(pool, config)
    competences: set[int] = set()
    while candidates := test.next_challenges().candidate_ids:
        draw = pick_rank(len(candidates), config.default_probability_to_pick_challenge, rng)
        at = pool.locate(candidates[draw.rank])
        p = float(success_probability(true_capacity, pool.discriminants[at], pool.difficulties[at]))
        status: AnswerStatus = "ok" if rng.random() < p else "ko"
        test.record(candidates[draw.rank], status)
        competences.add(int(pool.competence_codes[at]))
    return test.capacity, len(competences)


def simulate_candidates(
    pool: ChallengePool,
    true_capacities: Sequence[float],
    candidates_per_capacity: int,
    rng: np.random.Generator,
    configuration: FlashConfiguration | None = None,
    scoring_configuration: V3ScoringConfiguration | None = None,
    seed: int | None = None,
) -> SimulationReport:
    """Run ``candidates_per_capacity`` candidates per true capacity through the full test.

    ``seed`` is only recorded in the report (the generator is what makes the run reproducible).
    Bias = mean(final - true); RMSE = sqrt(mean((final - true)^2)).
    """
    for truth in true_capacities:
        check_bounded(truth, "a true capacity")
    config = configuration or FlashConfiguration()
    scoring = scoring_configuration or V3ScoringConfiguration()
    intervals = scoring.global_intervals
    total_competences = max(len(pool.competence_index), 1)
    rows: list[SimulationRow] = []
    meshes: Counter[str] = Counter()
    for truth in true_capacities:
        finals, scores, coverage = [], [], []
        for _ in range(candidates_per_capacity):
            final, visited = _sit(pool, truth, config, rng)
            finals.append(final)
            scores.append(pix_score(final, intervals))
            coverage.append(visited / total_competences)
            mesh = find_interval_index(final, intervals)
            meshes["none" if mesh is None else str(mesh)] += 1
        errors = [f - truth for f in finals]
        count = len(errors)
        rows.append(
            SimulationRow(
                true_capacity=float(truth),
                candidates=count,
                bias=sum(errors) / count if count else 0.0,
                rmse=math.sqrt(sum(e * e for e in errors) / count) if count else 0.0,
                mean_pix_score=sum(scores) / count if count else 0.0,
                min_pix_score=min(scores, default=0),
                max_pix_score=max(scores, default=0),
                mean_competence_coverage=sum(coverage) / count if count else 0.0,
            )
        )
    order = sorted(meshes, key=lambda k: (k != "none", int(k) if k != "none" else -1))
    return SimulationReport(
        rows=tuple(rows),
        mesh_distribution=tuple((k, meshes[k]) for k in order),
        seed=seed,
        algorithm=SIMULATION,
        configuration=config,
        scoring_configuration=scoring,
    )
