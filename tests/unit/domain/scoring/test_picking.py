from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ScoringInputError
from domain.scoring.picking import pick_probabilities, pick_rank, replay_pick


def test_d4_pick_distribution_for_51_percent_over_five() -> None:
    assert pick_probabilities(5, 51) == pytest.approx(
        (0.51, 0.2499, 0.122451, 0.06000099, 0.05764801), abs=1e-12
    )


def test_one_hundred_percent_always_takes_the_best_without_drawing() -> None:
    rng = np.random.default_rng(0)
    draw = pick_rank(5, 100, rng)
    assert (draw.rank, draw.draws) == (0, ())
    assert rng.random() == np.random.default_rng(0).random()


def test_a_single_candidate_is_taken_without_drawing() -> None:
    assert pick_rank(1, 51, np.random.default_rng(3)).draws == ()


def test_draws_are_compared_with_the_percentage() -> None:
    assert replay_pick([60.0, 10.0], 5, 51) == 1
    assert replay_pick([51.0, 51.0, 51.0, 51.0], 5, 51) == 4
    assert replay_pick([50.999], 5, 51) == 0


def test_replay_refuses_draws_that_do_not_fit_the_rule() -> None:
    with pytest.raises(ScoringInputError, match="end before"):
        replay_pick([60.0], 5, 51)
    with pytest.raises(ScoringInputError, match="continue after"):
        replay_pick([10.0, 10.0], 5, 51)


def test_same_seed_gives_the_same_pick() -> None:
    first = [pick_rank(5, 51, np.random.default_rng(7)) for _ in range(3)]
    assert first[0] == first[1] == first[2]


def test_empirical_frequencies_follow_the_distribution() -> None:
    rng = np.random.default_rng(2024)
    counts = np.bincount([pick_rank(5, 51, rng).rank for _ in range(20_000)], minlength=5)
    assert counts / 20_000 == pytest.approx(pick_probabilities(5, 51), abs=0.01)


@given(
    count=st.integers(1, 5),
    percent=st.floats(0, 100),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_pick_is_always_among_the_candidates_and_replays(
    count: int, percent: float, seed: int
) -> None:
    draw = pick_rank(count, percent, np.random.default_rng(seed))
    assert 0 <= draw.rank < count
    assert all(0 <= u < 100 for u in draw.draws)
    assert replay_pick(draw.draws, count, percent) == draw.rank


def test_refuses_to_pick_among_no_candidate() -> None:
    with pytest.raises(ScoringInputError):
        pick_rank(0, 51, np.random.default_rng(0))
