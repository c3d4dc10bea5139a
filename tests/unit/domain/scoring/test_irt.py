from __future__ import annotations

import numpy as np
import pytest

from domain.scoring.irt import fisher_information, success_probability


def test_v7_rewards_at_capacity_zero() -> None:
    assert float(fisher_information(0.0, 5.0, 1.0)) == pytest.approx(0.16620141676975386, abs=1e-15)
    assert float(fisher_information(0.0, -5.0, -5.0)) == pytest.approx(
        3.471985966144568e-10, abs=1e-20
    )
    assert float(fisher_information(0.0, 5.0, -8.0)) == 0.0


def test_success_probability_is_one_half_at_the_difficulty() -> None:
    assert float(success_probability(1.3, 2.0, 1.3)) == 0.5


def test_success_probability_broadcasts_over_a_grid() -> None:
    grid = np.array([-1.0, 0.0, 1.0])
    p = success_probability(grid, 1.0, 0.0)
    assert p.shape == (3,)
    assert p[0] == pytest.approx(1 / (1 + np.e), abs=1e-15)
    assert p[2] == pytest.approx(1 - 1 / (1 + np.e), abs=1e-15)
