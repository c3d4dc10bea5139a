from __future__ import annotations

from datetime import timedelta

import pytest

from domain.positioning.knowledge import (
    DIRECT,
    INFERRED,
    INVALIDATED,
    RESET,
    VALIDATED,
    current_elements,
    days_between,
    infer_knowledge_elements,
)
from tests.unit.domain.positioning.vectors import ASSESSMENT, NOW, element, tube

WEB = tube("web", 1, 2, 3, 4, 5)


def infer(
    ok: bool, answered: str = "web3", assessed: tuple[str, ...] = ()
) -> list[tuple[str, str, str, float]]:
    found = infer_knowledge_elements(
        answered_skill_id=answered,
        ok=ok,
        targets=WEB,
        assessed_skill_ids=set(assessed),
        created_at=NOW,
        assessment_id=ASSESSMENT,
        challenge_id="c1",
    )
    return [(k.skill_id, k.source, k.status, k.earned_pix) for k in found]


def test_F9_a_right_answer_validates_the_skill_and_the_easier_ones_of_its_tube() -> None:
    assert infer(ok=True) == [
        ("web3", DIRECT, VALIDATED, 4.0),
        ("web1", INFERRED, VALIDATED, 4.0),
        ("web2", INFERRED, VALIDATED, 4.0),
    ]


def test_F9_a_wrong_answer_invalidates_the_skill_and_the_harder_ones_with_no_pix() -> None:
    assert infer(ok=False) == [
        ("web3", DIRECT, INVALIDATED, 0.0),
        ("web4", INFERRED, INVALIDATED, 0.0),
        ("web5", INFERRED, INVALIDATED, 0.0),
    ]


def test_F9_an_answer_on_a_skill_outside_the_targets_creates_nothing() -> None:
    assert infer(ok=True, answered="url3") == []


def test_skills_assessed_in_the_same_assessment_are_not_inferred_again() -> None:
    assert infer(ok=True, assessed=("web1",)) == [
        ("web3", DIRECT, VALIDATED, 4.0),
        ("web2", INFERRED, VALIDATED, 4.0),
    ]


def test_an_answer_on_an_already_assessed_skill_creates_nothing() -> None:
    assert infer(ok=True, assessed=("web3",)) == []


def test_same_difficulty_siblings_of_another_version_are_never_inferred() -> None:
    targets = [*WEB, *tube("web", 3)]
    targets[-1] = targets[-1].__class__("web3bis", "web", 3, 4.0)
    found = infer_knowledge_elements(
        answered_skill_id="web3",
        ok=True,
        targets=targets,
        assessed_skill_ids=set(),
        created_at=NOW,
        assessment_id=ASSESSMENT,
        challenge_id="c1",
    )
    assert "web3bis" not in {k.skill_id for k in found}


def test_the_current_state_keeps_the_latest_element_per_skill_and_drops_resets() -> None:
    web1, web2, _, _, _ = WEB
    history = [
        element(web1, VALIDATED, at=NOW),
        element(web2, VALIDATED, at=NOW),
        element(web1, INVALIDATED, at=NOW + timedelta(days=1)),
        element(web2, RESET, at=NOW + timedelta(days=2)),
    ]
    current = current_elements(history)
    assert {s: k.status for s, k in current.items()} == {"web1": INVALIDATED}


@pytest.mark.parametrize(
    ("days", "hours", "expected"),
    [
        (0, 2, 0.0833),
        (1, 0, 1),
        (5, 0, 5),
        (5, 12, 5.5),
        (6, 0, 6),
        (6, 11, 6.4583),
        (6, 12, 6.5),
        (6, 13, 6.5416),
        (7, 0, 7),
        (10, 0, 10),
    ],
)
def test_F8_days_since_the_last_element_are_fractional(
    days: int, hours: int, expected: float
) -> None:
    last = NOW - timedelta(days=days, hours=hours)
    assert days_between(NOW, last) == pytest.approx(expected, abs=1e-4)
