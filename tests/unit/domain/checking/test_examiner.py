from __future__ import annotations

import pytest

from domain.checking import SKIP_VALUE, CheckableChallenge, CheckResult, correct_answer, examine

QCU = CheckableChallenge(type="QCU", solution="2")


def test_a_skip_is_aband_whatever_the_verdict() -> None:
    assert correct_answer(CheckResult("ok"), SKIP_VALUE) == "aband"
    assert examine(QCU, SKIP_VALUE, timed_out=True) == "aband"


def test_a_right_answer_after_the_timer_is_timedout() -> None:
    assert examine(QCU, "2", timed_out=True) == "timedout"


def test_a_wrong_answer_after_the_timer_stays_ko() -> None:
    assert examine(QCU, "3", timed_out=True) == "ko"


def test_focus_loss_on_a_focused_challenge_in_certification_is_focusedout() -> None:
    assert examine(QCU, "2", focused_out=True, focused_challenge=True, certification=True) == (
        "focusedOut"
    )


@pytest.mark.parametrize(
    ("focused_challenge", "certification"), [(False, True), (True, False), (False, False)]
)
def test_focus_loss_elsewhere_keeps_ok(focused_challenge: bool, certification: bool) -> None:
    status = examine(
        QCU,
        "2",
        focused_out=True,
        focused_challenge=focused_challenge,
        certification=certification,
    )
    assert status == "ok"


def test_a_timeout_wins_over_a_focus_loss() -> None:
    status = examine(
        QCU, "2", timed_out=True, focused_out=True, focused_challenge=True, certification=True
    )
    assert status == "timedout"


def test_other_verdicts_pass_through() -> None:
    assert correct_answer(CheckResult("unimplemented"), "x", timed_out=True) == "unimplemented"
