"""One answer that a challenge's own checker must accept, built from its stored solution."""

from __future__ import annotations

import yaml

from domain.checking.model import CheckableChallenge
from domain.checking.validators import accepted_lines, parse_yaml_map

__all__ = ["solution_as_answer"]


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
