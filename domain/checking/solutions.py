"""One answer that a challenge's own checker must accept, built from its stored solution."""

from __future__ import annotations

import yaml

from domain.checking.model import CheckableChallenge
from domain.checking.validators import accepted_lines, as_number, parse_yaml_map

__all__ = ["solution_as_answer", "solution_problems"]


def solution_as_answer(challenge: CheckableChallenge) -> str:
    """Answer the challenge with its first accepted value(s).

    QCU and QCM: the solution itself; QROC: its first accepted line ("" if none); QROCM: a YAML
    map giving each solution key its first variant. The bank validator feeds this to
    ``check_answer`` and rejects a challenge whose checker refuses its own solution. A QROCM
    solution that is not a YAML map yields "" (which its checker then refuses).
    """
    if challenge.type == "QROC":
        lines = accepted_lines(challenge.solution)
        return lines[0] if lines else ""
    if challenge.type in ("QROCM-ind", "QROCM-dep"):
        solution = parse_yaml_map(challenge.solution)
        if not solution:
            return ""
        first = {key: variants[0] for key, variants in solution.items() if variants}
        return yaml.safe_dump(first, allow_unicode=True, sort_keys=False)
    return challenge.solution


def solution_problems(challenge: CheckableChallenge) -> tuple[str, ...]:
    """Structural faults of a stored solution that answer checking tolerates but a bank should not.

    The checker falls back to text matching when a "nombre" QROC has a non-numeric accepted
    answer, so only this check can report it; it also reports empty solutions and QROCM
    solutions that are not YAML maps.
    """
    problems: list[str] = []
    if challenge.type == "QROC":
        lines = accepted_lines(challenge.solution)
        if not lines:
            problems.append("QROC solution has no accepted answer")
        if challenge.format == "nombre":
            problems += [
                f"accepted answer {a!r} is not a number" for a in lines if as_number(a) is None
            ]
    elif challenge.type in ("QROCM-ind", "QROCM-dep"):
        solution = parse_yaml_map(challenge.solution)
        if not solution:
            problems.append(f"{challenge.type} solution is not a non-empty YAML map")
    elif not challenge.solution.strip():
        problems.append(f"{challenge.type} solution is empty")
    return tuple(problems)
