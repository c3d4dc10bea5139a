from __future__ import annotations

from datetime import timedelta

import pytest

from domain.positioning.scorecards import (
    COMPLETED,
    EVALUATION_RESET,
    NOT_STARTED,
    STARTED,
    build_scorecard,
    competence_score,
    global_pix,
    remaining_days,
    sum_earned_pix,
)
from tests.unit.domain.positioning.vectors import NOW, earned

MAX = 5  # the spec's test configuration


def score_of(*pix: float, **excess: bool):  # type: ignore[no-untyped-def]
    elements = [earned(p, skill_id=f"s{i}") for i, p in enumerate(pix)]
    return competence_score(sum_earned_pix(elements), MAX, **excess)


def test_F1_pix_is_the_floor_of_the_sum_and_the_level_its_eighth() -> None:
    s = score_of(3.7, 4.4, 1.2)
    assert (s.exact_pix, s.pix, s.level, s.pix_ahead) == (pytest.approx(9.3), 9, 1, 1)


def test_F2_pix_and_level_are_capped_at_the_reachable_maximum() -> None:
    s = score_of(40, 8, 8)
    assert (s.exact_pix, s.pix, s.level, s.pix_ahead) == (56, 40, 5, 0)


def test_F2_with_excess_allowed_neither_is_capped() -> None:
    s = score_of(40, 8, 8, allow_excess_pix=True, allow_excess_level=True)
    assert (s.pix, s.level, s.pix_ahead) == (56, 7, 0)


def test_F3_the_global_score_sums_each_competence_capped_separately() -> None:
    assert global_pix([score_of(30, 40), score_of(40), score_of(1)]) == 81


def test_F4_a_started_scorecard_with_its_delays() -> None:
    card = build_scorecard(
        competence_code="1.1",
        evaluation_status=STARTED,
        elements=[earned(5.5, skill_id="a"), earned(3.6, skill_id="b")],
        now=NOW,
        max_reachable_level=MAX,
    )
    assert card.exact_pix == pytest.approx(9.1)
    assert (card.pix, card.pix_ahead, card.status) == (9, 1, STARTED)
    assert (card.remaining_days_before_reset, card.remaining_days_before_improving) == (7, 4)


def test_F5_level_and_pix_cap_independently() -> None:
    assert (score_of(50, 70).level, score_of(50, 70).pix) == (5, 40)
    assert score_of(50, 70, allow_excess_level=True).level == 15
    assert score_of(50, 70, allow_excess_pix=True).pix == 120


@pytest.mark.parametrize(
    ("days", "left"),
    [
        (0.0833, 7),
        (1, 6),
        (5, 2),
        (5.5, 2),
        (6, 1),
        (6.4583, 1),
        (6.5, 1),
        (6.5416, 1),
        (7, 0),
        (10, 0),
    ],
)
def test_F6_days_before_reset(days: float, left: int) -> None:
    assert remaining_days(7, days) == left


@pytest.mark.parametrize(
    ("days", "left"), [(0.0833, 4), (0, 4), (1, 3), (1.5, 3), (2.4583, 2), (4, 0), (7, 0), (10, 0)]
)
def test_F7_days_before_improving(days: float, left: int) -> None:
    assert remaining_days(4, days) == left


def test_no_element_means_no_delay_at_all() -> None:
    assert remaining_days(7, None) is None


@pytest.mark.parametrize(
    ("evaluation", "has_elements", "status"),
    [
        (None, False, NOT_STARTED),
        (None, True, STARTED),
        (EVALUATION_RESET, False, NOT_STARTED),
        (STARTED, False, STARTED),
        (COMPLETED, True, COMPLETED),
    ],
)
def test_scorecard_status_follows_the_evaluation(
    evaluation: str | None, has_elements: bool, status: str
) -> None:
    elements = [earned(1.0)] if has_elements else []
    card = build_scorecard(
        competence_code="1.1",
        evaluation_status=evaluation,
        elements=elements,
        now=NOW,
        max_reachable_level=MAX,
    )
    assert card.status == status


def test_a_completed_competence_becomes_improvable_after_four_days_and_resettable_after_seven() -> (
    None
):
    def card(days: float):  # type: ignore[no-untyped-def]
        return build_scorecard(
            competence_code="1.1",
            evaluation_status=COMPLETED,
            elements=[earned(10.0, at=NOW)],
            now=NOW + timedelta(days=days),
            max_reachable_level=MAX,
        )

    assert (card(3.9).is_improvable, card(4).is_improvable) == (False, True)
    assert (card(6.9).is_resettable, card(7).is_resettable) == (False, True)


def test_a_scorecard_at_the_maximum_level_is_not_improvable() -> None:
    card = build_scorecard(
        competence_code="1.1",
        evaluation_status=COMPLETED,
        elements=[earned(40.0)],
        now=NOW + timedelta(days=30),
        max_reachable_level=MAX,
    )
    assert card.is_max_level
    assert not card.is_improvable
