from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import ScoringInputError
from domain.scoring.adaptive import AdaptiveTest
from domain.scoring.configuration import FlashConfiguration
from domain.scoring.inputs import Answer, AnswerStatus, ChallengePool
from domain.scoring.picking import pick_rank
from domain.scoring.selection import possible_next_challenges
from tests.unit.domain.scoring.pools import synthetic_bank

POOL = ChallengePool.of(synthetic_bank(11))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    between=st.integers(0, 3),
    tube=st.booleans(),
    all_competences=st.booleans(),
    variation=st.sampled_from([None, 0.5]),
)
def test_adaptive_test_serves_the_same_candidates_as_the_from_scratch_selection(
    seed: int, between: int, tube: bool, all_competences: bool, variation: float | None
) -> None:
    config = FlashConfiguration(
        challenges_between_same_competence=between,
        limit_to_one_question_per_tube=tube,
        enable_passage_by_all_competences=all_competences,
        variation_percent=variation,
    )
    rng = np.random.default_rng(seed)
    test = AdaptiveTest(POOL, config)
    answers: list[Answer] = []
    while True:
        incremental = test.next_challenges()
        from_scratch = possible_next_challenges(POOL, answers, config)
        assert incremental.candidate_ids == from_scratch.candidate_ids
        assert incremental.capacity == pytest.approx(from_scratch.capacity, abs=1e-12)
        if not incremental.candidate_ids:
            break
        served = incremental.candidate_ids[
            pick_rank(5, 51, rng).rank % len(incremental.candidate_ids)
        ]
        status: AnswerStatus = "ok" if rng.random() < 0.5 else "ko"
        answers.append(Answer(served, status))
        test.record(served, status)
    assert test.answer_count == 32


def test_refuses_a_repeated_answer() -> None:
    test = AdaptiveTest(POOL, FlashConfiguration())
    test.record("rec0000", "ok")
    with pytest.raises(ScoringInputError, match="more than once"):
        test.record("rec0000", "ok")


def test_refuses_an_answer_beyond_the_maximum_length() -> None:
    test = AdaptiveTest(POOL, FlashConfiguration(maximum_assessment_length=1))
    test.record("rec0000", "ok")
    with pytest.raises(ScoringInputError, match="maximum assessment length"):
        test.record("rec0010", "ok")


def test_visits_every_competence_in_the_first_sixteen_questions() -> None:
    test = AdaptiveTest(POOL, FlashConfiguration())
    competences = []
    for _ in range(16):
        served = test.next_challenges().candidate_ids[0]
        competences.append(POOL.challenges[POOL.locate(served)].competence_id)
        test.record(served, "ok")
    assert len(set(competences)) == 16
