from __future__ import annotations

import pytest

from domain.errors import ScoringInputError
from domain.scoring.configuration import V2Configuration
from domain.scoring.inputs import Answer
from domain.scoring.v2_scoring import (
    CERTIFIED_LEVEL_RULES,
    V2Challenge,
    V2Competence,
    is_trusted,
    reproducibility_rate,
    score_v2,
)

TEST_CONFIG = V2Configuration(max_reachable_level=5)


def qcm_test(statuses: dict[str, list[str]]) -> tuple[list[V2Challenge], list[Answer]]:
    challenges, answers = [], []
    for competence, outcomes in statuses.items():
        for i, status in enumerate(outcomes):
            challenges.append(V2Challenge(f"{competence}-{i}", competence, "QCM"))
            answers.append(Answer(f"{competence}-{i}", status))  # type: ignore[arg-type]
    return challenges, answers


FOUR = [V2Competence(f"comp{i}", i, 10 * i) for i in (1, 2, 3, 4)]


@pytest.mark.parametrize(
    ("counted", "correct", "rate"), [(0, 0, 0), (1, 0, 0), (2, 1, 50), (3, 1, 33)]
)
def test_f18_reproducibility_rate(counted: int, correct: int, rate: int) -> None:
    assert reproducibility_rate(counted, correct) == rate


def test_reproducibility_rate_rounds_halves_up() -> None:
    assert reproducibility_rate(8, 1) == 13  # 12.5


def test_f20_all_right_keeps_every_level() -> None:
    challenges, answers = qcm_test({f"comp{i}": ["ok"] * 3 for i in (1, 2, 3, 4)})
    result = score_v2(FOUR, challenges, answers, configuration=TEST_CONFIG)
    assert result.reproducibility_rate == 100
    assert [(c.mark.level, c.mark.score) for c in result.competences] == [
        (1, 10),
        (2, 20),
        (3, 30),
        (4, 40),
    ]
    assert (result.pix_score, result.status) == (100, "validated")


def test_f21_all_wrong_uncertifies_everything() -> None:
    challenges, answers = qcm_test({f"comp{i}": ["ko"] * 3 for i in (1, 2, 3, 4)})
    result = score_v2(FOUR, challenges, answers, configuration=TEST_CONFIG)
    assert result.reproducibility_rate == 0
    assert [(c.mark.level, c.mark.score) for c in result.competences] == [(-1, 0)] * 4
    assert (result.status, result.auto_jury_comment) == (
        "rejected",
        "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS",
    )
    assert result.pix_score == 0


def test_f22_one_failed_competence_is_uncertified_alone() -> None:
    statuses = {"comp1": ["ok"] * 3, "comp2": ["ok"] * 3, "comp3": ["ok"] * 3, "comp4": ["ko"] * 3}
    challenges, answers = qcm_test(statuses)
    result = score_v2(FOUR, challenges, answers, configuration=TEST_CONFIG)
    assert result.reproducibility_rate == 75
    assert [(c.mark.level, c.mark.score) for c in result.competences] == [
        (1, 10),
        (2, 20),
        (3, 30),
        (-1, 0),
    ]


def test_f25_two_right_out_of_three_under_70_percent_downgrades() -> None:
    challenges, answers = qcm_test({"comp": ["ok", "ok", "ko"]})
    result = score_v2([V2Competence("comp", 2, 20)], challenges, answers, configuration=TEST_CONFIG)
    (competence,) = result.competences
    assert (competence.mark.level, competence.mark.score) == (1, 12)
    assert competence.rule == 2


def test_the_table_has_the_19_rows() -> None:
    assert sorted(rule for rule, _ in CERTIFIED_LEVEL_RULES.values()) == list(range(1, 20))


def test_a_qrocm_dep_counts_double_when_the_competence_has_fewer_than_three_challenges() -> None:
    challenges = [
        V2Challenge("a", "comp", "QROCM-dep"),
        V2Challenge("b", "comp", "QCU"),
    ]
    answers = [Answer("a", "ok"), Answer("b", "ko")]
    result = score_v2([V2Competence("comp", 3, 24)], challenges, answers)
    (competence,) = result.competences
    assert (competence.challenges, competence.correct, competence.neutralized) == (3, 2, 0)
    assert competence.rule == 2
    assert result.reproducibility_rate == 50
    assert (competence.mark.level, competence.mark.score) == (2, 16)


def test_neutralized_challenges_do_not_count_in_the_rate() -> None:
    challenges = [
        V2Challenge("a", "comp", "QCU"),
        V2Challenge("b", "comp", "QCU", neutralized=True),
        V2Challenge("c", "comp", "QCU"),
    ]
    answers = [Answer("a", "ok"), Answer("b", "ko"), Answer("c", "ok")]
    result = score_v2([V2Competence("comp", 3, 24)], challenges, answers)
    assert result.reproducibility_rate == 100
    assert result.competences[0].rule == 3
    assert result.trusted


def test_too_many_neutralized_challenges_cancel_the_result() -> None:
    challenges = [V2Challenge(f"q{i}", "comp", "QCU", neutralized=i > 0) for i in range(3)]
    result = score_v2([V2Competence("comp", 3, 24)], challenges, [Answer("q0", "ok")])
    assert not result.trusted
    assert (result.status, result.auto_jury_comment) == (
        "cancelled",
        "CANCELLED_DUE_TO_NEUTRALIZATION",
    )


def test_trust_threshold_is_the_ceiling_of_66_percent() -> None:
    assert is_trusted(2, 3)
    assert not is_trusted(1, 3)
    assert is_trusted(33, 50)
    assert not is_trusted(32, 50)


def test_skipped_automatically_challenges_count_as_wrong() -> None:
    challenges = [
        V2Challenge("a", "comp", "QCU"),
        V2Challenge("b", "comp", "QCU"),
        V2Challenge("c", "comp", "QCU", skipped_automatically=True),
    ]
    result = score_v2(
        [V2Competence("comp", 3, 24)],
        challenges,
        [Answer("a", "ok"), Answer("b", "ok")],
        abort_reason="candidate",
    )
    assert result.reproducibility_rate == 67


def test_technical_abort_with_a_low_rate_cancels() -> None:
    challenges, answers = qcm_test({"comp": ["ko", "ko", "ok"]})
    result = score_v2([V2Competence("comp", 3, 24)], challenges, answers, abort_reason="technical")
    assert result.status == "cancelled"


def test_fraud_rejects() -> None:
    challenges, answers = qcm_test({"comp": ["ok"] * 3})
    result = score_v2([V2Competence("comp", 3, 24)], challenges, answers, rejected_for_fraud=True)
    assert (result.status, result.auto_jury_comment) == ("rejected", "FRAUD")


def test_levels_and_pix_are_capped_at_the_max_reachable_level() -> None:
    challenges, answers = qcm_test({"comp": ["ok"] * 3})
    result = score_v2([V2Competence("comp", 7, 60)], challenges, answers, configuration=TEST_CONFIG)
    assert (result.competences[0].mark.level, result.competences[0].mark.score) == (5, 40)


def test_untested_competences_and_their_answers_are_ignored() -> None:
    challenges, answers = qcm_test({"comp": ["ok"] * 3, "other": ["ko"] * 3})
    profile = [V2Competence("comp", 3, 24), V2Competence("other", 0, 4)]
    result = score_v2(profile, challenges, answers)
    assert [c.competence_id for c in result.competences] == ["comp"]
    assert result.reproducibility_rate == 100


@pytest.mark.parametrize(
    ("challenges", "answers", "message"),
    [
        ([V2Challenge("a", "comp", "QCU")], [], "has no answer"),
        ([V2Challenge("a", "comp", "QCU")], [Answer("a", "ok"), Answer("a", "ok")], "2 answers"),
        ([V2Challenge("a", "comp", "QCU")], [Answer("a", "ok"), Answer("z", "ok")], "unknown"),
        ([], [], "has no challenge"),
    ],
)
def test_rejects_tests_that_break_the_contract(
    challenges: list[V2Challenge], answers: list[Answer], message: str
) -> None:
    with pytest.raises(ScoringInputError, match=message):
        score_v2([V2Competence("comp", 3, 24)], challenges, answers)


def test_rejects_counts_without_a_table_row() -> None:
    challenges = [V2Challenge(i, "comp", "QROCM-dep") for i in "ab"]
    with pytest.raises(ScoringInputError, match="no certified-level rule"):
        score_v2([V2Competence("comp", 3, 24)], challenges, [Answer("a", "ok"), Answer("b", "ok")])
