from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.scoring.configuration import SEED_GLOBAL_INTERVALS, V3ScoringConfiguration
from domain.scoring.meshes import (
    competence_level,
    find_interval_index,
    is_above_maximum,
    mesh_score,
    pix_score,
)

BUILDER_INTERVALS = (
    (-5.12345, -2.6789),
    (-2.6789, -0.23456),
    (-0.23456, 0.78901),
    (0.78901, 1.34567),
    (1.34567, 2.89012),
    (2.89012, 2.45678),
    (2.45678, 4.90123),
    (4.90123, 6.56789),
)
SIMULATOR_INTERVALS = (
    (-8, -2),
    (-2, -0.5),
    (-0.5, 0.6),
    (0.6, 1.5),
    (1.5, 2.25),
    (2.25, 3.1),
    (3.1, 4),
    (4, 8),
)


@pytest.mark.parametrize(("capacity", "score"), [(2, 438), (-8, 0), (8, 895)])
def test_s1_scores_with_the_test_builder_intervals(capacity: float, score: int) -> None:
    assert pix_score(capacity, BUILDER_INTERVALS) == score


def test_s1_reached_mesh_index() -> None:
    assert find_interval_index(2, BUILDER_INTERVALS) == 4
    assert find_interval_index(-8, BUILDER_INTERVALS) is None


@pytest.mark.parametrize(("capacity", "score"), [(-10, 0), (-8, 0), (-2, 64), (4, 768), (10, 895)])
def test_s3_scores_with_the_simulator_intervals(capacity: float, score: int) -> None:
    assert pix_score(capacity, SIMULATOR_INTERVALS) == score


@pytest.mark.parametrize(("capacity", "level"), [(-4, 0), (0, 1), (6, 2), (-6, 0)])
def test_s5_competence_levels_open_the_extreme_intervals(capacity: float, level: int) -> None:
    assert competence_level(capacity, ((-5, -1), (-1, 1), (-1, 5))) == level


@pytest.mark.parametrize(("capacity", "index"), [(0.99999, None), (1, 0), (10, 1), (2, 0)])
def test_s6_interval_lookup(capacity: float, index: int | None) -> None:
    assert find_interval_index(capacity, ((1, 3), (4, 7))) == index


def test_s6_is_above_maximum() -> None:
    assert is_above_maximum(10, ((1, 3), (4, 7)))
    assert not is_above_maximum(2, ((1, 3), (4, 7)))


def test_a_capacity_in_a_gap_falls_in_the_last_interval() -> None:
    assert find_interval_index(3.5, ((1, 3), (4, 7))) == 1


def test_a_competence_capacity_in_a_gap_has_no_level() -> None:
    assert competence_level(0.5, ((-5, 0), (1, 5))) is None


def test_the_maximum_score_is_895_for_eight_meshes() -> None:
    assert pix_score(7.99, SEED_GLOBAL_INTERVALS) == 895
    assert pix_score(100, SEED_GLOBAL_INTERVALS) == 895


def test_mesh_score_uses_the_seed_configuration_by_default() -> None:
    score = mesh_score(0.0, V3ScoringConfiguration())
    assert score.pix_score == pix_score(0.0, SEED_GLOBAL_INTERVALS)
    assert score.mesh_index == 2
    assert score.competence_levels["1.1"] == 2
    assert len(score.competence_levels) == 16
    assert score.algorithm.name == "v3-mesh-scoring"


def test_seed_competence_levels_cover_the_whole_line() -> None:
    levels = mesh_score(-20.0, V3ScoringConfiguration()).competence_levels
    assert set(levels.values()) == {0}
    assert set(mesh_score(20.0, V3ScoringConfiguration()).competence_levels.values()) == {7}


capacities = st.floats(-12, 12, allow_nan=False)


@given(low=capacities, high=capacities)
def test_scores_are_monotonic_in_capacity(low: float, high: float) -> None:
    low, high = sorted((low, high))
    for intervals in (SEED_GLOBAL_INTERVALS, SIMULATOR_INTERVALS):
        assert pix_score(low, intervals) <= pix_score(high, intervals)


@given(low=capacities, high=capacities)
def test_seed_competence_levels_are_monotonic_in_capacity(low: float, high: float) -> None:
    low, high = sorted((low, high))
    config = V3ScoringConfiguration()
    for code, intervals in config.competence_intervals.items():
        assert competence_level(low, intervals) <= competence_level(high, intervals), code  # type: ignore[operator]
