"""The answer check shared by every path that records an answer: timer, examiner, seconds.

Positioning assessments, evaluations and certification courses all turn an answer given at
``answered_at`` to a challenge served at ``served_at`` into a stored status and whole seconds
spent; they differ only in the circumstances (extra time, focus, certification), passed as
arguments here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.bank.model import Challenge
from domain.bank.solution_check import checkable
from domain.checking import CorrectedStatus, examine


@dataclass(frozen=True)
class CheckedAnswer:
    """The examiner's status and the whole seconds spent (rounded up, as Pix records them)."""

    status: CorrectedStatus
    seconds: int


def check_given_answer(
    challenge: Challenge,
    value: str,
    *,
    served_at: datetime,
    answered_at: datetime,
    extra_time_ratio: float = 0.0,
    focused_out: bool = False,
    certification: bool = False,
) -> CheckedAnswer:
    """Check ``value``; a timed challenge answered after its timer (plus extra time) times out.

    ``focused_out`` changes a right answer only on a focused challenge in ``certification``.
    """
    elapsed = max(0.0, (answered_at - served_at).total_seconds())
    timer = None if challenge.timer is None else challenge.timer * (1 + extra_time_ratio)
    status = examine(
        checkable(challenge),
        value,
        timed_out=timer is not None and elapsed > timer,
        focused_out=focused_out,
        focused_challenge=challenge.focused,
        certification=certification,
    )
    return CheckedAnswer(status, int(-(-elapsed // 1)))
