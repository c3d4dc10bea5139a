from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import ScoringInputError
from domain.scoring.flash import (
    CAPACITY_GRID,
    DEFAULT_ERROR_RATE,
    IncrementalEstimator,
    estimate_capacity_history,
    limit_variation,
)
from domain.scoring.inputs import Answer
from tests.unit.domain.scoring.pools import challenge, pool_of

TOLERANCE = 1e-12


def test_grid_has_81_accumulated_points_ending_just_below_nine() -> None:
    assert len(CAPACITY_GRID) == 81
    assert CAPACITY_GRID[0] == -9
    assert CAPACITY_GRID[1] == -8.775
    assert CAPACITY_GRID[-3] == 8.549999999999988
    assert CAPACITY_GRID[-2] == 8.774999999999988
    assert CAPACITY_GRID[-1] == 8.999999999999988


def test_v1_one_right_answer_from_zero() -> None:
    pool = pool_of(challenge("c1", 1.86350005965093, 0.194712138508747))
    (estimate,) = estimate_capacity_history(pool, [Answer("c1", "ok")])
    assert estimate.capacity == pytest.approx(0.859419960298745, abs=TOLERANCE)
    assert estimate.error_rate == pytest.approx(0.9327454634914153, abs=TOLERANCE)


def test_v2_two_right_answers_history() -> None:
    pool = pool_of(
        challenge("c1", 1.86350005965093, 0.194712138508747),
        challenge("c2", 2.25422414740233, 0.823376599163319),
    )
    history = estimate_capacity_history(pool, [Answer("c1", "ok"), Answer("c2", "ok")])
    assert [h.capacity for h in history] == pytest.approx(
        [0.859419960298745, 1.8023401228653964], abs=TOLERANCE
    )
    assert [h.error_rate for h in history] == pytest.approx(
        [0.9327454634914153, 0.8549014053951465], abs=TOLERANCE
    )


def test_v2_matches_the_full_doubles_bit_for_bit() -> None:
    pool = pool_of(
        challenge("c1", 1.86350005965093, 0.194712138508747),
        challenge("c2", 2.25422414740233, 0.823376599163319),
    )
    history = estimate_capacity_history(pool, [Answer("c1", "ok"), Answer("c2", "ok")])
    assert history[1].capacity == 1.8023401228653964
    assert history[1].error_rate == 0.8549014053951465


def test_v3_three_right_answers() -> None:
    pool = pool_of(
        challenge("c1", 1.06665273005823, -0.030736508016524),
        challenge("c2", 1.50948587856458, 1.62670103354638),
        challenge("c3", 0.950709518595358, 1.90647729810166),
    )
    history = estimate_capacity_history(pool, [Answer(c, "ok") for c in ("c1", "c2", "c3")])
    assert [h.capacity for h in history] == pytest.approx(
        [0.5937933314750545, 1.8413073423083801, 2.851063556136754], abs=TOLERANCE
    )
    assert history[-1].error_rate == pytest.approx(0.9271693210547304, abs=TOLERANCE)


@pytest.mark.parametrize(
    ("status", "capacity", "error_rate"),
    [("ok", 0.5, 0.9995983230903134), ("ko", -0.5, 0.9784855041487408)],
)
def test_v5_variation_limit_caps_the_first_move_at_half_a_point(
    status: str, capacity: float, error_rate: float
) -> None:
    pool = pool_of(challenge("c1", 1.86350005965093, 0.194712138508747))
    (estimate,) = estimate_capacity_history(pool, [Answer("c1", status)], 0.0, 0.5)  # type: ignore[arg-type]
    assert estimate.capacity == pytest.approx(capacity, abs=TOLERANCE)
    assert estimate.error_rate == pytest.approx(error_rate, abs=TOLERANCE)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("ok", [0.5, 0.75, 1.125]), ("ko", [-0.5, -0.75, -1.125])],
)
def test_v6_variation_limit_grows_with_the_capacity(status: str, expected: list[float]) -> None:
    pool = pool_of(
        challenge("c1", 1.86350005965093, 0.194712138508747),
        challenge("c2", 2.056, 0.6973893),
        challenge("c3", 2.5689203, 1.36973893),
    )
    answers = [Answer(c, status) for c in ("c1", "c2", "c3")]  # type: ignore[arg-type]
    history = estimate_capacity_history(pool, answers, 0.0, 0.5)
    assert [h.capacity for h in history] == pytest.approx(expected, abs=TOLERANCE)


@pytest.mark.parametrize("status", ["ko", "aband", "timedout", "focusedOut", "partially"])
def test_every_status_but_ok_counts_as_a_wrong_answer(status: str) -> None:
    pool = pool_of(challenge("c1", 1.86350005965093, 0.194712138508747))
    wrong = estimate_capacity_history(pool, [Answer("c1", "ko")])
    other = estimate_capacity_history(pool, [Answer("c1", status)])  # type: ignore[arg-type]
    assert other == wrong


def test_no_answer_gives_an_empty_history_and_the_default_error_rate_is_five() -> None:
    assert estimate_capacity_history(pool_of(challenge("c1", 1, 0)), [], -3.0) == ()
    assert DEFAULT_ERROR_RATE == 5


def test_rejects_an_answer_on_an_unknown_challenge() -> None:
    with pytest.raises(ScoringInputError, match="unknown challenge 'nope'"):
        estimate_capacity_history(pool_of(challenge("c1", 1, 0)), [Answer("nope", "ok")])


def test_rejects_a_challenge_answered_twice() -> None:
    with pytest.raises(ScoringInputError, match="more than once"):
        estimate_capacity_history(
            pool_of(challenge("c1", 1, 0)), [Answer("c1", "ok"), Answer("c1", "ko")]
        )


def test_rejects_an_unknown_answer_status() -> None:
    with pytest.raises(ScoringInputError, match="unknown answer status"):
        Answer("c1", "great")  # type: ignore[arg-type]


def test_variation_limit_uses_a_relative_gap_for_large_capacities() -> None:
    assert limit_variation(5.0, 2.0, 0.5) == 3.0
    assert limit_variation(-5.0, -2.0, 0.5) == -3.0
    assert limit_variation(0.1, 0.3, 0.5) == 0.1
    assert limit_variation(4.0, 0.2, 0.5) == 0.7
    assert limit_variation(4.0, 0.2, 0.0) == 4.0
    assert limit_variation(4.0, 0.2, None) == 4.0


answer_scripts = st.lists(
    st.tuples(
        st.floats(-4, 4, allow_nan=False),
        st.floats(-6, 6, allow_nan=False),
        st.sampled_from(["ok", "ko", "aband", "timedout"]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(
    script=answer_scripts,
    start=st.floats(-5, 5, allow_nan=False),
    variation=st.sampled_from([None, 0.0, 0.25, 0.5, 1.0]),
)
def test_incremental_estimator_equals_the_from_scratch_history(
    script: list[tuple[float, float, str]], start: float, variation: float | None
) -> None:
    pool = pool_of(*(challenge(f"c{i}", a, b) for i, (a, b, _) in enumerate(script)))
    answers = [Answer(f"c{i}", status) for i, (_, _, status) in enumerate(script)]  # type: ignore[arg-type]
    from_scratch = estimate_capacity_history(pool, answers, start, variation)
    estimator = IncrementalEstimator(start, variation)
    for i, (a, b, status) in enumerate(script):
        step = estimator.add(a, b, status == "ok")
        assert step.capacity == pytest.approx(from_scratch[i].capacity, abs=TOLERANCE)
        assert math.isclose(step.error_rate, from_scratch[i].error_rate, abs_tol=TOLERANCE)
    assert tuple(estimator.history) == from_scratch
    assert all(-9 < h.capacity < 9 for h in from_scratch)


def test_a_copied_estimator_evolves_independently() -> None:
    estimator = IncrementalEstimator(0.0, None)
    estimator.add(1.86350005965093, 0.194712138508747, True)
    twin = estimator.copy()
    twin.add(2.0, 1.0, False)
    assert estimator.capacity == pytest.approx(0.859419960298745, abs=TOLERANCE)
    assert len(estimator.history) == 1
    assert twin.capacity < estimator.capacity


def test_answers_without_any_challenge_are_refused() -> None:
    with pytest.raises(ScoringInputError, match="unknown challenge 'c1'"):
        estimate_capacity_history(pool_of(), [Answer("c1", "ok")])
