from __future__ import annotations

import pytest

import domain.scoring
from domain.errors import ScoringInputError
from domain.scoring.configuration import (
    SEED_GLOBAL_INTERVALS,
    FlashConfiguration,
    V2Configuration,
    V3ScoringConfiguration,
)


def test_defaults_are_the_seed_values() -> None:
    config = FlashConfiguration()
    assert config.maximum_assessment_length == 32
    assert config.challenges_between_same_competence == 2
    assert config.limit_to_one_question_per_tube is True
    assert config.enable_passage_by_all_competences is True
    assert config.variation_percent == 0.5
    assert config.default_candidate_capacity == -3
    assert config.default_probability_to_pick_challenge == 51


def test_scoring_defaults_are_the_newer_seed_intervals_and_twenty_answers() -> None:
    config = V3ScoringConfiguration()
    assert config.global_intervals == SEED_GLOBAL_INTERVALS
    assert config.global_intervals[0] == (-4.67, -1.4)
    assert config.global_intervals[-1] == (4.0, 8.0)
    assert config.minimum_answers == 20
    assert len(config.competence_intervals) == 16


@pytest.mark.parametrize(
    "changes",
    [
        {"maximum_assessment_length": -1},
        {"challenges_between_same_competence": -1},
        {"variation_percent": 1.5},
        {"default_probability_to_pick_challenge": 101},
        {"default_candidate_capacity": float("nan")},
    ],
)
def test_rejects_out_of_range_challenge_settings(changes: dict[str, object]) -> None:
    with pytest.raises(ScoringInputError):
        FlashConfiguration(**changes)  # type: ignore[arg-type]


def test_rejects_empty_or_oversized_interval_lists() -> None:
    with pytest.raises(ScoringInputError):
        V3ScoringConfiguration(global_intervals=())
    with pytest.raises(ScoringInputError):
        V3ScoringConfiguration(global_intervals=((0.0, 1.0),) * 10)
    with pytest.raises(ScoringInputError):
        V2Configuration(max_reachable_level=9)


def test_public_surface_is_declared_and_importable() -> None:
    for name in domain.scoring.__all__:
        assert hasattr(domain.scoring, name), name
    assert {"estimate_capacity_history", "AdaptiveTest", "score_v3", "score_v2"} <= set(
        domain.scoring.__all__
    )
