from __future__ import annotations

import pytest

from domain.scoring.configuration import FlashConfiguration
from domain.scoring.degradation import degrade_capacity, should_degrade
from domain.scoring.flash import estimate_capacity_history
from domain.scoring.inputs import Answer, ChallengePool
from tests.unit.domain.scoring.pools import challenge, pool_of, synthetic_bank

S8_CONFIG = FlashConfiguration(
    maximum_assessment_length=4,
    challenges_between_same_competence=0,
    limit_to_one_question_per_tube=False,
    enable_passage_by_all_competences=False,
    variation_percent=0,
)


def test_s8_degraded_capacity_is_below_the_raw_one() -> None:
    pool = pool_of(*(challenge(f"c{i}", 5, 1.5, competence="c", tube="t") for i in range(4)))
    answers = [Answer("c0", "ok"), Answer("c1", "ok"), Answer("c2", "ok")]
    result = degrade_capacity(pool, answers, S8_CONFIG, capacity=2.0)
    assert result.simulated_challenge_ids == ("c3",)
    assert result.degraded_capacity < 2.0
    expected = estimate_capacity_history(pool, [*answers, Answer("c3", "aband")], 2.0, 0)
    assert result.degraded_capacity == expected[-1].capacity


def test_raw_capacity_starts_from_the_default_capacity() -> None:
    pool = pool_of(*(challenge(f"c{i}", 5, 1.5, competence="c", tube="t") for i in range(4)))
    answers = [Answer("c0", "ok")]
    result = degrade_capacity(pool, answers, S8_CONFIG)
    assert result.capacity == estimate_capacity_history(pool, answers, -3.0, 0)[-1].capacity


def test_nothing_is_simulated_for_a_complete_test() -> None:
    pool = pool_of(challenge("a", 1, 0))
    config = FlashConfiguration(maximum_assessment_length=1)
    result = degrade_capacity(pool, [Answer("a", "ok")], config)
    assert result.simulated_challenge_ids == ()
    assert result.degraded_capacity == result.capacity


def test_degradation_simulates_every_missing_answer_on_a_full_bank() -> None:
    pool = ChallengePool.of(synthetic_bank(5))
    answers = [Answer(c.id, "ok") for c in pool.challenges[::7][:20]]
    result = degrade_capacity(pool, answers, FlashConfiguration())
    assert len(result.simulated_challenge_ids) == 12
    assert result.degraded_capacity < result.capacity
    assert degrade_capacity(pool, answers, FlashConfiguration()) == result


@pytest.mark.parametrize(
    ("count", "reason", "expected"),
    [
        (20, "candidate", True),
        (31, "candidate", True),
        (19, "candidate", False),
        (32, "candidate", False),
        (25, "technical", False),
        (25, None, False),
    ],
)
def test_degrades_only_candidates_who_left_after_the_minimum(
    count: int, reason: str | None, expected: bool
) -> None:
    assert should_degrade(count, reason, FlashConfiguration(), 20) is expected
