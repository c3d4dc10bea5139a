"""The examiner: from the validator's verdict and the answer's circumstances to the stored status.

1. The skip value ``#ABAND#`` gives ``aband`` (the validator is not consulted).
2. Otherwise the validator's status, except that a correct answer becomes
   ``timedout`` when given after the timer expired, and
   ``focusedOut`` when the candidate left a focused challenge, in certification only.
A wrong answer stays ``ko`` whatever the circumstances.
"""

from __future__ import annotations

from domain.checking.model import SKIP_VALUE, CheckableChallenge, CheckResult, CorrectedStatus
from domain.checking.validators import check_answer

__all__ = ["correct_answer", "examine"]


def correct_answer(
    check: CheckResult,
    value: str,
    *,
    timed_out: bool = False,
    focused_out: bool = False,
    focused_challenge: bool = False,
    certification: bool = False,
) -> CorrectedStatus:
    """Turn the validator's result into the status to store, given how the answer was given.

    ``focused_out`` is the answer's flag OR the assessment's last-question state; it changes an
    ``ok`` only on a ``focused_challenge`` during a ``certification`` (positioning ignores it).
    """
    if value == SKIP_VALUE:
        return "aband"
    if check.status != "ok":
        return check.status
    if timed_out:
        return "timedout"
    if focused_out and focused_challenge and certification:
        return "focusedOut"
    return "ok"


def examine(
    challenge: CheckableChallenge,
    value: str,
    *,
    timed_out: bool = False,
    focused_out: bool = False,
    focused_challenge: bool = False,
    certification: bool = False,
) -> CorrectedStatus:
    """Validate ``value`` (unless it is a skip) and correct it: the whole examiner in one call."""
    check = CheckResult("ko") if value == SKIP_VALUE else check_answer(challenge, value)
    return correct_answer(
        check,
        value,
        timed_out=timed_out,
        focused_out=focused_out,
        focused_challenge=focused_challenge,
        certification=certification,
    )
