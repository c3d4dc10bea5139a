from __future__ import annotations

import numpy as np
import pytest

from domain.errors import ScoringInputError
from domain.scoring.v2_generation import ProfileSkill, generate_v2_test, replay_v2_test


def skill(name: str, version: int = 1, challenges: tuple[str, ...] | None = None) -> ProfileSkill:
    return ProfileSkill(
        id=f"{name}v{version}",
        name=name,
        difficulty=int(name[-1]),
        version=version,
        challenge_ids=challenges if challenges is not None else (f"{name}-v{version}-a",),
    )


def test_takes_the_hardest_skills_first_and_keeps_three() -> None:
    skills = [skill("@web1"), skill("@web4"), skill("@url5"), skill("@cnil3"), skill("@mail4")]
    test = generate_v2_test({"1.1": skills}, [], np.random.default_rng(0))
    assert test.challenges["1.1"] == ("@url5-v1-a", "@web4-v1-a", "@mail4-v1-a")


def test_new_tubes_come_first_within_a_difficulty_group() -> None:
    skills = [skill("@url5"), skill("@url4"), skill("@web4")]
    test = generate_v2_test({"1.1": skills}, [], np.random.default_rng(0))
    assert test.challenges["1.1"] == ("@url5-v1-a", "@web4-v1-a", "@url4-v1-a")


def test_stops_after_the_group_that_reaches_three() -> None:
    skills = [skill("@a5"), skill("@b4"), skill("@c4"), skill("@d4"), skill("@e1")]
    test = generate_v2_test({"1.1": skills}, [], np.random.default_rng(0))
    assert test.challenges["1.1"] == ("@a5-v1-a", "@b4-v1-a", "@c4-v1-a")


def test_keeps_the_latest_version_of_a_skill() -> None:
    skills = [skill("@web3", 1), skill("@web3", 2)]
    test = generate_v2_test({"1.1": skills}, [], np.random.default_rng(0))
    assert test.challenges["1.1"] == ("@web3-v2-a",)


def test_prefers_challenges_never_answered() -> None:
    skills = [skill("@web3", challenges=("seen", "fresh"))]
    for seed in range(20):
        test = generate_v2_test({"1.1": skills}, ["seen"], np.random.default_rng(seed))
        assert test.challenges["1.1"] == ("fresh",)


def test_falls_back_to_answered_challenges_and_skips_skills_without_any() -> None:
    skills = [skill("@web3", challenges=("seen",)), skill("@url2", challenges=())]
    test = generate_v2_test({"1.1": skills}, ["seen"], np.random.default_rng(0))
    assert test.challenges["1.1"] == ("seen",)


def test_same_seed_gives_the_same_test() -> None:
    skills = [
        skill(f"@t{i}{d}", challenges=tuple(f"q{i}{d}{k}" for k in range(5)))
        for i in range(4)
        for d in (2, 3)
    ]
    first = generate_v2_test({"1.1": skills}, [], np.random.default_rng(9))
    again = generate_v2_test({"1.1": skills}, [], np.random.default_rng(9))
    assert first == again
    assert first.algorithm.name == "v2-generation"


def test_recorded_draws_rebuild_the_same_test_without_a_generator() -> None:
    skills = [skill("@url5", challenges=("a", "b", "c")), skill("@web4", challenges=("d", "e"))]
    skills += [skill("@cnil4", challenges=("f", "g")), skill("@mail2", challenges=("h",))]
    drawn = generate_v2_test({"1.1": skills}, ["a"], np.random.default_rng(4))
    indices = [p.index for p in drawn.picks]
    replayed = replay_v2_test({"1.1": skills}, ["a"], indices)
    assert replayed.challenges == drawn.challenges
    assert replayed.picks == drawn.picks
    assert drawn.picks[0].choices == ("b", "c")  # the seen challenge was left out of the draw


def test_draws_that_do_not_fit_the_inputs_are_refused() -> None:
    skills = [skill("@url5", challenges=("a", "b")), skill("@web4")]
    with pytest.raises(ScoringInputError, match="outside"):
        replay_v2_test({"1.1": skills}, [], [2, 0])
    with pytest.raises(ScoringInputError, match="fewer"):
        replay_v2_test({"1.1": skills}, [], [1])
    with pytest.raises(ScoringInputError, match="not used"):
        replay_v2_test({"1.1": skills}, [], [1, 0, 0])
