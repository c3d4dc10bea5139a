from __future__ import annotations

import pytest

from domain.scoring.configuration import FlashConfiguration, V3ScoringConfiguration
from domain.scoring.degradation import degrade_capacity
from domain.scoring.inputs import Answer, ChallengePool
from domain.scoring.meshes import pix_score
from domain.scoring.v3_result import computed_status, score_v3
from tests.unit.domain.scoring.pools import synthetic_bank

POOL = ChallengePool.of(synthetic_bank(3))
FIRST_OF_EACH_TUBE = [c.id for c in POOL.challenges[::7]]


def answers(count: int, status: str = "ok") -> list[Answer]:
    return [Answer(i, status) for i in FIRST_OF_EACH_TUBE[:count]]  # type: ignore[arg-type]


def test_s7_too_few_answers_with_the_candidate_abort_reason_is_rejected() -> None:
    assert computed_status(19, "candidate", 3, 20) == "rejected"


def test_s7_the_minimum_number_of_answers_is_validated() -> None:
    assert computed_status(20, "candidate", 3, 20) == "validated"


def test_s7_too_few_answers_without_abort_reason_is_validated() -> None:
    assert computed_status(19, None, 3, 20) == "validated"


def test_s7_any_abort_reason_with_too_few_answers_rejects() -> None:
    assert computed_status(19, "technical", 3, 20) == "rejected"


def test_no_reached_mesh_rejects() -> None:
    assert computed_status(32, None, None, 20) == "rejected"


def test_row_1_cancelled_by_jury_wins_over_everything() -> None:
    result = score_v3(POOL, POOL, answers(32), cancelled_by_jury=True, rejected_for_fraud=True)
    assert (result.status, result.auto_jury_comment) == ("cancelled_by_jury", "CANCELLED_BY_JURY")
    assert (result.pix_score, result.capacity, result.competence_marks) == (None, None, ())


def test_row_2_fraud_rejects_and_stores_nothing() -> None:
    result = score_v3(POOL, POOL, answers(32), rejected_for_fraud=True)
    assert (result.status, result.auto_jury_comment, result.pix_score) == (
        "rejected",
        "FRAUD",
        None,
    )


def test_row_3_technical_abort_with_too_few_answers_cancels() -> None:
    result = score_v3(POOL, POOL, answers(19), abort_reason="technical")
    assert result.status == "cancelled"
    assert result.auto_jury_comment == "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON"
    assert result.mesh_index is None


@pytest.mark.parametrize("reason", [None, "candidate"])
def test_row_4_too_few_answers_rejects(reason: str | None) -> None:
    result = score_v3(POOL, POOL, answers(19), abort_reason=reason)  # type: ignore[arg-type]
    assert (result.status, result.auto_jury_comment) == (
        "rejected",
        "REJECTED_DUE_TO_LACK_OF_ANSWERS",
    )
    assert result.capacity is None


def test_row_5_edu_framework_below_the_first_mesh_is_not_eligible() -> None:
    result = score_v3(POOL, POOL, answers(32, "ko"), framework="EDU_1ER_DEGRE")
    assert (result.status, result.auto_jury_comment) == ("rejected", "REJECTED_EDU_NOT_ELIGIBLE")
    assert result.capacity is not None
    assert result.pix_score is None


def test_row_6_zero_pix_rejects_with_the_zero_score_comment() -> None:
    result = score_v3(POOL, POOL, answers(32, "ko"))
    assert result.capacity is not None
    assert result.capacity < -4.67
    assert (result.status, result.auto_jury_comment) == (
        "rejected",
        "REJECTED_DUE_TO_ZERO_PIX_SCORE",
    )
    assert (result.pix_score, result.mesh_index, result.competence_marks) == (0, None, ())


def test_row_7_a_complete_test_is_validated_with_marks() -> None:
    result = score_v3(POOL, POOL, answers(32))
    assert result.status == "validated"
    assert result.auto_jury_comment is None
    assert result.capacity is not None
    assert result.pix_score == pix_score(result.capacity, V3ScoringConfiguration().global_intervals)
    assert len(result.competence_marks) == 16
    assert all(m.score == 0 for m in result.competence_marks)
    assert not result.degraded


def test_a_candidate_who_left_early_is_scored_on_the_degraded_capacity() -> None:
    given = answers(25)
    result = score_v3(POOL, POOL, given, abort_reason="candidate")
    expected = degrade_capacity(POOL, given, FlashConfiguration()).degraded_capacity
    assert result.degraded
    assert result.capacity == expected


def test_results_carry_algorithm_and_both_configurations() -> None:
    result = score_v3(POOL, POOL, answers(32))
    assert result.algorithm.name == "v3-result"
    assert result.configuration == V3ScoringConfiguration()
    assert result.challenges_configuration == FlashConfiguration()
