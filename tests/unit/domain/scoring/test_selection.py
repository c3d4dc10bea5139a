from __future__ import annotations

import pytest

from domain.errors import ScoringInputError
from domain.scoring.configuration import FlashConfiguration
from domain.scoring.inputs import Answer
from domain.scoring.selection import possible_next_challenges
from tests.unit.domain.scoring.pools import challenge, pool_of

NO_RULES = FlashConfiguration(
    challenges_between_same_competence=0,
    limit_to_one_question_per_tube=False,
    enable_passage_by_all_competences=False,
    variation_percent=None,
)


def test_v7_ranks_by_information_stably_and_keeps_five() -> None:
    pool = pool_of(
        challenge("first", -5, -5),
        challenge("second", 5, 1),
        challenge("third", -5, -5),
        challenge("fourth", 5, -8),
        challenge("fifth", 5, 1),
        challenge("sixth", 5, 1),
    )
    result = possible_next_challenges(pool, [], NO_RULES, initial_capacity=0.0)
    assert result.candidate_ids == ("second", "fifth", "sixth", "first", "third")
    assert result.capacity == 0.0


def test_starts_from_the_configured_default_capacity() -> None:
    pool = pool_of(challenge("easy", 1, -3), challenge("hard", 1, 3))
    result = possible_next_challenges(pool, [], NO_RULES)
    assert result.capacity == -3
    assert result.candidate_ids == ("easy", "hard")


def test_rejects_more_answers_than_maximum_length() -> None:
    pool = pool_of(challenge("a", 1, 0), challenge("b", 1, 0))
    config = FlashConfiguration(maximum_assessment_length=1)
    with pytest.raises(ScoringInputError, match="exceed the maximum assessment length 1"):
        possible_next_challenges(pool, [Answer("a", "ok"), Answer("b", "ok")], config)


def test_returns_no_candidate_once_the_test_is_complete() -> None:
    pool = pool_of(challenge("a", 1, 0), challenge("b", 1, 0))
    config = FlashConfiguration(maximum_assessment_length=1)
    assert possible_next_challenges(pool, [Answer("a", "ok")], config).candidate_ids == ()


def test_one_question_per_tube_drops_the_whole_answered_tube() -> None:
    pool = pool_of(
        challenge("a1", 1, 0, competence="c", tube="t1", skill="s1"),
        challenge("a2", 1, 0, competence="c", tube="t1", skill="s2"),
        challenge("b1", 1, 0, competence="c", tube="t2", skill="s3"),
    )
    config = FlashConfiguration(
        challenges_between_same_competence=0, enable_passage_by_all_competences=False
    )
    result = possible_next_challenges(pool, [Answer("a1", "ok")], config)
    assert result.candidate_ids == ("b1",)


def test_without_the_tube_rule_only_answered_skills_are_dropped() -> None:
    pool = pool_of(
        challenge("a1", 1, 0, competence="c", tube="t1", skill="s1"),
        challenge("a1bis", 1, 0, competence="c", tube="t1", skill="s1"),
        challenge("a2", 1, 0, competence="c", tube="t1", skill="s2"),
    )
    result = possible_next_challenges(pool, [Answer("a1", "ok")], NO_RULES)
    assert result.candidate_ids == ("a2",)


def test_passage_by_all_competences_serves_unvisited_competences_first() -> None:
    pool = pool_of(
        challenge("c1a", 3, 0, competence="c1", tube="t1"),
        challenge("c1b", 3, 0, competence="c1", tube="t2"),
        challenge("c2a", 0.1, 5, competence="c2", tube="t3"),
    )
    config = FlashConfiguration(challenges_between_same_competence=0, variation_percent=None)
    result = possible_next_challenges(pool, [Answer("c1a", "ok")], config, initial_capacity=0.0)
    assert result.candidate_ids == ("c2a",)


def test_passage_by_all_competences_falls_back_once_every_competence_is_visited() -> None:
    pool = pool_of(
        challenge("c1a", 1, 0, competence="c1", tube="t1"),
        challenge("c1b", 1, 0, competence="c1", tube="t2"),
        challenge("c2a", 1, 0, competence="c2", tube="t3"),
    )
    config = FlashConfiguration(challenges_between_same_competence=0)
    answers = [Answer("c1a", "ok"), Answer("c2a", "ok")]
    assert possible_next_challenges(pool, answers, config).candidate_ids == ("c1b",)


def test_avoids_the_competences_of_the_last_answers() -> None:
    pool = pool_of(
        challenge("c1a", 1, 0, competence="c1"),
        challenge("c1b", 1, 0, competence="c1"),
        challenge("c2a", 1, 0, competence="c2"),
        challenge("c2b", 1, 0, competence="c2"),
        challenge("c3a", 1, 0, competence="c3"),
        challenge("c3b", 1, 0, competence="c3"),
    )
    config = FlashConfiguration(
        challenges_between_same_competence=2, enable_passage_by_all_competences=False
    )
    answers = [Answer("c1a", "ok"), Answer("c2a", "ok"), Answer("c3a", "ok")]
    assert possible_next_challenges(pool, answers, config).candidate_ids == ("c1b",)


def test_spacing_rule_is_ignored_when_it_would_leave_nothing() -> None:
    pool = pool_of(
        challenge("c1a", 1, 0, competence="c1"),
        challenge("c1b", 1, 0, competence="c1"),
    )
    config = FlashConfiguration(enable_passage_by_all_competences=False)
    assert possible_next_challenges(pool, [Answer("c1a", "ok")], config).candidate_ids == ("c1b",)


def test_reports_a_lack_of_challenges_when_the_rules_leave_none() -> None:
    pool = pool_of(
        challenge("a", 1, 0, competence="c", tube="t"),
        challenge("b", 1, 0, competence="c", tube="t"),
    )
    with pytest.raises(ScoringInputError, match="no challenge left"):
        possible_next_challenges(pool, [Answer("a", "ok")], FlashConfiguration())


def test_the_result_names_its_algorithm_and_configuration() -> None:
    config = FlashConfiguration()
    result = possible_next_challenges(pool_of(challenge("a", 1, 0)), [], config)
    assert result.algorithm.name == "v3-next-challenge"
    assert result.algorithm.version == 1
    assert result.configuration is config
