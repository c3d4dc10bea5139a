"""The shared answer check: timer (with extra time), focus in certification, seconds spent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.bank import Challenge, load_default_bank
from domain.bank.answers import check_given_answer
from domain.bank.solution_check import checkable
from domain.checking import SKIP_VALUE, solution_as_answer
from tests.factories import T0

BANK = load_default_bank(6)


def first(predicate: Callable[[Challenge], bool]) -> Challenge:
    return next(c for c in BANK.challenges if predicate(c))


TIMED = first(lambda c: c.timer is not None and not c.focused)
FOCUSED = first(lambda c: c.focused and c.timer is None)


def right(challenge: Challenge) -> str:
    return solution_as_answer(checkable(challenge))


@pytest.mark.parametrize(
    ("seconds", "extra", "status"),
    [(0.5, 0.0, "ok"), (1.0, 0.0, "ok"), (1.01, 0.0, "timedout"), (1.2, 0.3, "ok")],
)
def test_a_right_answer_times_out_only_past_the_timer_and_its_extra_time(
    seconds: float, extra: float, status: str
) -> None:
    assert TIMED.timer is not None
    answered = T0 + timedelta(seconds=seconds * TIMED.timer)
    checked = check_given_answer(
        TIMED, right(TIMED), served_at=T0, answered_at=answered, extra_time_ratio=extra
    )
    assert checked.status == status


def test_seconds_are_whole_and_rounded_up_and_never_negative() -> None:
    late = check_given_answer(FOCUSED, "x", served_at=T0, answered_at=T0 + timedelta(seconds=12.2))
    early = check_given_answer(FOCUSED, "x", served_at=T0, answered_at=T0 - timedelta(seconds=3))
    assert (late.seconds, early.seconds) == (13, 0)


def test_leaving_a_focused_challenge_counts_in_certification_only() -> None:
    statuses = [
        check_given_answer(
            FOCUSED,
            right(FOCUSED),
            served_at=T0,
            answered_at=T0 + timedelta(seconds=5),
            focused_out=True,
            certification=certification,
        ).status
        for certification in (True, False)
    ]
    assert statuses == ["focusedOut", "ok"]


def test_a_skip_is_aband_and_a_wrong_answer_stays_ko_even_late() -> None:
    assert TIMED.timer is not None
    late = T0 + timedelta(seconds=TIMED.timer * 3)
    assert check_given_answer(TIMED, SKIP_VALUE, served_at=T0, answered_at=late).status == "aband"
    assert check_given_answer(TIMED, "faux", served_at=T0, answered_at=late).status == "ko"
