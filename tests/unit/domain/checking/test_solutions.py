from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from domain.checking import (
    CheckableChallenge,
    check_answer,
    solution_as_answer,
    solution_problems,
)

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=15
).filter(lambda w: w.strip() != "")
deactivations = st.sets(st.sampled_from(["t1", "t2", "t3"])).map(frozenset)


@pytest.mark.parametrize(
    ("challenge", "answer"),
    [
        (CheckableChallenge(type="QCU", solution="2"), "2"),
        (CheckableChallenge(type="QCM", solution="1,3"), "1,3"),
        (CheckableChallenge(type="QROC", solution="\nParis\nLutèce"), "Paris"),
        (CheckableChallenge(type="QROC", solution=""), ""),
    ],
)
def test_gives_the_first_accepted_value(challenge: CheckableChallenge, answer: str) -> None:
    assert solution_as_answer(challenge) == answer


def test_a_qrocm_answer_is_a_yaml_map_of_first_variants() -> None:
    challenge = CheckableChallenge(type="QROCM-ind", solution="a:\n- x\n- y\nb: '3.10'\n")
    answer = solution_as_answer(challenge)
    assert check_answer(challenge, answer).status == "ok"
    assert "x" in answer
    assert "y" not in answer


def test_a_challenge_without_accepted_answer_is_refused_by_its_checker() -> None:
    challenge = CheckableChallenge(type="QROC", solution="\n")
    assert check_answer(challenge, solution_as_answer(challenge)).status == "ko"


@given(lines=st.lists(words, min_size=1, max_size=3), off=deactivations)
def test_a_qroc_accepts_its_own_solution(lines: list[str], off: frozenset[str]) -> None:
    challenge = CheckableChallenge(type="QROC", solution="\n".join(lines), deactivations=off)
    assert check_answer(challenge, solution_as_answer(challenge)).status == "ok"


@given(
    solution=st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True),
        st.lists(words, min_size=1, max_size=3),
        min_size=1,
        max_size=4,
    ),
    kind=st.sampled_from(["QROCM-ind", "QROCM-dep"]),
    off=deactivations,
)
def test_a_qrocm_accepts_its_own_solution(
    solution: dict[str, list[str]], kind: str, off: frozenset[str]
) -> None:
    challenge = CheckableChallenge(
        type=kind, solution=yaml.safe_dump(solution, allow_unicode=True), deactivations=off
    )
    assert check_answer(challenge, solution_as_answer(challenge)).status == "ok"


@pytest.mark.parametrize(
    ("challenge", "problem"),
    [
        (CheckableChallenge(type="QROC", solution="douze", format="nombre"), "not a number"),
        (CheckableChallenge(type="QROC", solution="\n"), "no accepted answer"),
        (CheckableChallenge(type="QROCM-dep", solution="- a\n- b"), "not a non-empty YAML map"),
        (CheckableChallenge(type="QCU", solution=" "), "solution is empty"),
    ],
)
def test_reports_structural_faults_of_a_solution(
    challenge: CheckableChallenge, problem: str
) -> None:
    (found,) = solution_problems(challenge)
    assert problem in found


def test_a_sound_solution_has_no_problem() -> None:
    assert (
        solution_problems(CheckableChallenge(type="QROC", solution="12\n3,5", format="nombre"))
        == ()
    )
