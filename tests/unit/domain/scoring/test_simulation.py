from __future__ import annotations

import numpy as np

from domain.scoring.configuration import FlashConfiguration
from domain.scoring.inputs import ChallengePool
from domain.scoring.simulation import simulate_candidates
from tests.unit.domain.scoring.pools import synthetic_bank

POOL = ChallengePool.of(synthetic_bank(21))


def test_same_seed_gives_the_same_report() -> None:
    first = simulate_candidates(POOL, [0.0], 3, np.random.default_rng(5), seed=5)
    again = simulate_candidates(POOL, [0.0], 3, np.random.default_rng(5), seed=5)
    assert first == again


def test_stronger_candidates_score_higher_and_every_competence_is_visited() -> None:
    report = simulate_candidates(POOL, [-1.5, 2.5], 6, np.random.default_rng(1))
    weak, strong = report.rows
    assert weak.mean_pix_score < strong.mean_pix_score
    assert weak.mean_competence_coverage == 1.0
    assert abs(strong.bias) < 1.5
    assert strong.rmse >= abs(strong.bias)
    assert sum(count for _, count in report.mesh_distribution) == 12


def test_without_variation_limit_the_capacity_is_recovered_within_a_point() -> None:
    config = FlashConfiguration(variation_percent=None)
    report = simulate_candidates(POOL, [1.0], 10, np.random.default_rng(3), configuration=config)
    assert report.rows[0].rmse < 1.0
    assert report.rows[0].candidates == 10
