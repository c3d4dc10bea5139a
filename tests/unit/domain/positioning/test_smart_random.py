from __future__ import annotations

import math

import numpy as np
import pytest

from domain.positioning.knowledge import INVALIDATED, VALIDATED, TargetSkill
from domain.positioning.smart_random import (
    CANDIDATE_LEVELS,
    Situation,
    SkillState,
    candidate_skills,
    choose_next,
    focus_on_default_level,
    predicted_level,
    reward,
)
from tests.unit.domain.positioning.vectors import element, options, tube


def rng() -> np.random.Generator:
    return np.random.default_rng(0)


def states(*difficulties_by_id: tuple[str, int]) -> list[SkillState]:
    return [SkillState(TargetSkill(i, "t", d, 1.0), (), False) for i, d in difficulties_by_id]


def test_F11_the_first_challenge_is_an_untimed_default_level_skill_with_a_challenge() -> None:
    web1, url3 = tube("web", 1)[0], tube("url", 3)[0]
    cnil1, cnil2 = tube("cnil", 1, 2)
    situation = Situation(
        targets=(web1, url3, cnil1, cnil2), challenges=options(web1, cnil1, cnil2), known={}
    )
    skills, level, _, _ = candidate_skills(situation)
    assert [s.skill.id for s in skills] == ["cnil2"]
    assert level == 2
    pick = choose_next(situation, rng())
    assert pick is not None
    assert (pick.skill_id, pick.challenge_id) == ("cnil2", "ch-cnil2")


def test_F16_focus_on_default_level_keeps_the_difficulty_two_skills() -> None:
    kept = focus_on_default_level(states(("1", 2), ("2", 1), ("3", 3), ("4", 2)))
    assert [s.skill.id for s in kept] == ["1", "4"]


def test_F16_without_a_difficulty_two_skill_the_lowest_difficulty_wins() -> None:
    kept = focus_on_default_level(states(("4", 6), ("1", 1), ("2", 1), ("3", 4)))
    assert [s.skill.id for s in kept] == ["1", "2"]


def test_the_first_challenge_avoids_timed_skills_unless_all_are_timed() -> None:
    a2, b2 = tube("a", 2)[0], tube("b", 2)[0]
    untimed = Situation(targets=(a2, b2), challenges=options(a2, b2, timed=("a2",)), known={})
    assert [s.skill.id for s in candidate_skills(untimed)[0]] == ["b2"]
    all_timed = Situation(targets=(a2,), challenges=options(a2, timed=("a2",)), known={})
    assert [s.skill.id for s in candidate_skills(all_timed)[0]] == ["a2"]


def test_with_only_the_anchors_the_level_estimate_sits_midway() -> None:
    assert predicted_level([]) == 3.5
    assert len(CANDIDATE_LEVELS) == 15
    assert CANDIDATE_LEVELS[0] == 0.5
    assert CANDIDATE_LEVELS[-1] == 7.5


def test_right_answers_raise_the_estimate_and_wrong_ones_lower_it() -> None:
    assert predicted_level([(4, True), (5, True)]) > 3.5 > predicted_level([(2, False), (3, False)])


@pytest.mark.parametrize(
    "observations",
    [[], [(2, True)], [(2, False)], [(3, True), (4, False), (5, True)], [(1, True)] * 9],
)
def test_the_estimate_is_the_first_level_of_best_score(
    observations: list[tuple[int, bool]],
) -> None:
    def score(level: float) -> float:
        obs = [(0, True), (7, False), *observations]
        return -abs(sum(float(ok) - 1 / (1 + math.exp(-(level - d))) for d, ok in obs))

    best = max(score(lv) for lv in CANDIDATE_LEVELS)
    assert predicted_level(observations) == next(lv for lv in CANDIDATE_LEVELS if score(lv) == best)


def test_skills_more_than_two_above_the_estimate_are_dropped() -> None:
    web = tube("web", 1, 2, 3, 4, 5, 6, 7)
    known = {"web1": element(web[0], INVALIDATED)}
    situation = Situation(
        targets=tuple(web), challenges=options(*web), known=known, last_answer_timed=False
    )
    skills, level, _, _ = candidate_skills(situation)
    assert all(s.skill.difficulty - level <= 2 for s in skills)
    assert level < 3.5


def test_after_a_timed_challenge_the_next_one_is_untimed_when_possible() -> None:
    a = tube("a", 1, 2, 3, 4, 5)
    known = {"a1": element(a[0], VALIDATED)}
    timed = tuple(s.id for s in a if s.id != "a3")
    situation = Situation(
        targets=tuple(a), challenges=options(*a, timed=timed), known=known, last_answer_timed=True
    )
    pick = choose_next(situation, rng())
    assert pick is not None
    assert pick.skill_id == "a3"


def test_the_chosen_skill_has_the_maximum_expected_information() -> None:
    a = tube("a", 1, 2, 3, 4, 5)
    known = {"a1": element(a[0], VALIDATED)}
    situation = Situation(
        targets=tuple(a), challenges=options(*a), known=known, last_answer_timed=False
    )
    skills, level, _, best = candidate_skills(situation)
    rewards = {
        s.id: reward(s, level, a, known) for s in a if s.id != "a1" and s.difficulty - level <= 2
    }
    assert best == max(rewards.values())
    assert {s.skill.id for s in skills} == {k for k, v in rewards.items() if v == best}


def test_a_reward_counts_untested_skills_on_each_side_weighted_by_success() -> None:
    a = tube("a", 1, 2, 3)
    assert reward(a[1], 2.0, a, {}) == pytest.approx(0.5 * 2 + 0.5 * 2)


def test_the_evaluation_ends_when_no_skill_is_left() -> None:
    a = tube("a", 1, 2)
    known = {s.id: element(s) for s in a}
    situation = Situation(
        targets=tuple(a), challenges=options(*a), known=known, last_answer_timed=False
    )
    assert choose_next(situation, rng()) is None


def test_the_evaluation_ends_when_only_too_hard_skills_are_left() -> None:
    a = tube("a", 1, 8)
    known = {"a1": element(a[0], INVALIDATED)}
    situation = Situation(
        targets=tuple(a), challenges=options(*a), known=known, last_answer_timed=False
    )
    assert choose_next(situation, rng()) is None


def test_answered_challenges_are_not_served_again_and_unplayable_skills_are_skipped() -> None:
    a2 = tube("a", 2)[0]
    situation = Situation(
        targets=(a2,), challenges=options(a2), known={}, answered=frozenset({"ch-a2"})
    )
    assert choose_next(situation, rng()) is None


def test_the_draw_among_equals_comes_from_the_generator_and_is_recorded() -> None:
    skills = [TargetSkill(f"s{i}", f"t{i}", 2, 4.0) for i in range(6)]
    situation = Situation(targets=tuple(skills), challenges=options(*skills), known={})
    picks = {choose_next(situation, np.random.default_rng(seed)).skill_id for seed in range(30)}  # type: ignore[union-attr]
    assert len(picks) > 1
    pick = choose_next(situation, np.random.default_rng(3))
    assert pick is not None
    record = pick.record()
    assert record["algorithm"] == "smart-random"
    assert record["candidates"][record["skill_draw"]] == pick.skill_id
    assert choose_next(situation, np.random.default_rng(3)) == pick
