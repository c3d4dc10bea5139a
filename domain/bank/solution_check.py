"""Bridge from a bank challenge to the answer checker: does its own solution pass."""

from __future__ import annotations

from domain.bank.model import Challenge
from domain.checking import CheckableChallenge, check_answer, solution_as_answer, solution_problems


def checkable(challenge: Challenge) -> CheckableChallenge:
    """The checker's view of a bank challenge (type and solution options only)."""
    s = challenge.solution
    return CheckableChallenge(
        type=challenge.type,
        solution=s.value,
        deactivations=s.deactivations,
        format=s.format,
        select_blocks=s.select_blocks,
    )


def own_solution_problem(challenge: Challenge) -> str | None:
    """None when the solution is well formed and, given as an answer, accepted; else why not."""
    target = checkable(challenge)
    faults = solution_problems(target)
    if faults:
        return "; ".join(faults)
    try:
        answer = solution_as_answer(target)
        status = check_answer(target, answer).status
    except Exception as e:  # a malformed solution (bad YAML, empty) is a bank fault to report
        return f"{type(e).__name__}: {e}"
    return None if status == "ok" else f"status {status}"
