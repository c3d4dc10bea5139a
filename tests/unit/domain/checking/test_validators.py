from __future__ import annotations

import pytest

from domain.checking import QROC_SELECT, CheckableChallenge, check_answer
from domain.errors import InvalidInputError


def qroc(solution: str, **options: object) -> CheckableChallenge:
    return CheckableChallenge(type="QROC", solution=solution, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answer", "solution", "status"),
    [
        ("3, 2, 1", "1, 2, 3", "ok"),
        ("1,   2,   3   ", "1, 2, 3", "ok"),
        ("1, 2, 3", "1, 2", "ko"),
        ("3, 1", "1, 2", "ko"),
    ],
)
def test_f31_qcm_compares_unordered_sets(answer: str, solution: str, status: str) -> None:
    assert check_answer(CheckableChallenge(type="QCM", solution=solution), answer).status == status


def test_qcu_needs_the_exact_string() -> None:
    challenge = CheckableChallenge(type="QCU", solution="2")
    assert check_answer(challenge, "2").status == "ok"
    assert check_answer(challenge, "3").status == "ko"
    assert check_answer(challenge, " 2").status == "ko"


def test_an_unknown_type_is_unimplemented() -> None:
    assert check_answer(CheckableChallenge(type="QCX", solution="1"), "1").status == "unimplemented"


def test_qroc_accepts_any_line_after_t1_and_t2() -> None:
    challenge = qroc("Paris\nLutèce")
    assert check_answer(challenge, "  LUTECE ").status == "ok"
    assert check_answer(challenge, "pa ris!").status == "ok"
    assert check_answer(challenge, "Londres").status == "ko"


def test_qroc_tolerates_a_quarter_of_edits_with_t3() -> None:
    challenge = qroc("abcdefgh")
    assert check_answer(challenge, "abcdefxy").status == "ok"  # 2 edits / 8 = 0.25
    assert check_answer(challenge, "abcdexyz").status == "ko"  # 3 edits / 8


def test_deactivating_t3_requires_an_exact_treated_match() -> None:
    challenge = qroc("abcdefgh", deactivations=frozenset({"t3"}))
    assert check_answer(challenge, "abcdefxy").status == "ko"
    assert check_answer(challenge, "ABCDEFGH").status == "ok"


def test_deactivating_t1_keeps_case_and_spaces() -> None:
    challenge = qroc("Paris", deactivations=frozenset({"t1", "t3"}))
    assert check_answer(challenge, "paris").status == "ko"
    assert check_answer(challenge, "Paris").status == "ok"


def test_deactivating_t2_keeps_punctuation() -> None:
    challenge = qroc("c'est", deactivations=frozenset({"t2", "t3"}))
    assert check_answer(challenge, "cest").status == "ko"
    assert check_answer(challenge, "C'EST").status == "ok"


def test_non_breaking_spaces_are_ordinary_spaces() -> None:
    challenge = qroc("a b", deactivations=frozenset({"t1", "t2", "t3"}))
    assert check_answer(challenge, "a\u00a0b").status == "ok"


def test_an_empty_answer_only_matches_an_empty_solution() -> None:
    assert check_answer(qroc("x"), "").status == "ko"
    assert check_answer(qroc("x"), "   ").status == "ko"


def test_numeric_qroc_compares_numbers() -> None:
    challenge = qroc("3.5\n7", format="nombre")
    assert check_answer(challenge, "3,50").status == "ok"
    assert check_answer(challenge, "07").status == "ok"
    assert check_answer(challenge, "3.6").status == "ko"


def test_numeric_qroc_with_a_non_numeric_answer_falls_back_to_text() -> None:
    challenge = qroc("12", format="nombre")
    assert check_answer(challenge, "douze").status == "ko"
    assert check_answer(challenge, "12 ").status == "ok"


def test_a_select_block_is_compared_without_treatment() -> None:
    challenge = qroc("Réseau", select_blocks=frozenset({QROC_SELECT}))
    assert check_answer(challenge, "Réseau").status == "ok"
    assert check_answer(challenge, "reseau").status == "ko"


def test_qrocm_ind_checks_each_key_and_keeps_details() -> None:
    challenge = CheckableChallenge(
        type="QROCM-ind", solution="capitale:\n- Paris\n- Lutèce\nfleuve: Seine\n"
    )
    both = check_answer(challenge, "capitale: lutece\nfleuve: seine\n")
    assert both.status == "ok"
    assert dict(both.details) == {"capitale": True, "fleuve": True}
    one = check_answer(challenge, "capitale: Rome\nfleuve: Seine\n")
    assert one.status == "ko"
    assert dict(one.details) == {"capitale": False, "fleuve": True}


def test_qrocm_ind_keeps_yaml_scalars_as_text() -> None:
    challenge = CheckableChallenge(
        type="QROCM-ind", solution="version: '3.10'\nok: yes\n", deactivations=frozenset({"t3"})
    )
    assert check_answer(challenge, "version: 3.10\nok: yes\n").status == "ok"
    assert check_answer(challenge, "version: 3.1\nok: yes\n").status == "ko"


def test_qrocm_ind_select_keys_are_exact() -> None:
    challenge = CheckableChallenge(
        type="QROCM-ind", solution="a: Oui\nb: Non\n", select_blocks=frozenset({"a"})
    )
    assert check_answer(challenge, "a: oui\nb: non\n").details == {"a": False, "b": True}


def test_a_malformed_answer_is_wrong_and_a_malformed_solution_is_an_error() -> None:
    good = CheckableChallenge(type="QROCM-ind", solution="a: x\n")
    assert check_answer(good, "not: [a map").status == "ko"
    with pytest.raises(InvalidInputError, match="not a YAML map"):
        check_answer(CheckableChallenge(type="QROCM-dep", solution="- x\n- y"), "a: x")


def test_qrocm_dep_accepts_answers_in_any_order() -> None:
    challenge = CheckableChallenge(
        type="QROCM-dep", solution="g1:\n- Google\ng2:\n- Bing\ng3:\n- Qwant\n"
    )
    assert check_answer(challenge, "p1: qwant\np2: google\n").status == "ok"


def test_qrocm_dep_consumes_a_group_once_matched() -> None:
    challenge = CheckableChallenge(type="QROCM-dep", solution="g1:\n- Google\ng2:\n- Bing\n")
    assert check_answer(challenge, "p1: google\np2: google\n").status == "ko"


def test_qrocm_dep_needs_every_field_right() -> None:
    challenge = CheckableChallenge(type="QROCM-dep", solution="g1:\n- Google\ng2:\n- Bing\n")
    assert check_answer(challenge, "p1: google\np2: yahoo\n").status == "ko"
