"""Whether an answer value has the shape its challenge type expects, before any checking.

A wrong answer is recorded (``ko``); a value of the wrong shape is refused and nothing is
recorded. Shapes: QCU one proposal number; QCM distinct proposal numbers separated by commas;
QROC any single line; QROCM a YAML map whose keys are exactly the challenge's fields. The skip
value ``#ABAND#`` fits every type.
"""

from __future__ import annotations

import re
from typing import Final

from domain.bank import Challenge
from domain.checking import SKIP_VALUE
from domain.checking.validators import parse_yaml_map

_FIELD: Final = re.compile(r"\$\{([^}#]+)(?:#[^}]*)?\}")
_PROPOSAL: Final = re.compile(r"^\s*-\s", re.MULTILINE)
MAX_ANSWER_LENGTH: Final = 10_000


def proposal_count(challenge: Challenge) -> int:
    """Number of proposals of a QCU or QCM (one per line starting with ``- ``)."""
    return len(_PROPOSAL.findall(challenge.proposals))


def field_names(challenge: Challenge) -> set[str]:
    """The input fields of a QROC or QROCM (``${name}`` or ``${name#options}`` in proposals)."""
    return set(_FIELD.findall(challenge.proposals))


def answer_format_problem(challenge: Challenge, value: str) -> str | None:
    """Why ``value`` cannot be an answer to ``challenge``, or None when it can."""
    if value == SKIP_VALUE:
        return None
    if len(value) > MAX_ANSWER_LENGTH:
        return f"an answer is at most {MAX_ANSWER_LENGTH} characters"
    if challenge.type in ("QCU", "QCM"):
        return _choice_problem(challenge, value)
    if challenge.type == "QROC":
        return "a QROC answer is one line of text" if "\n" in value.strip() else None
    if challenge.type in ("QROCM-ind", "QROCM-dep"):
        parsed = parse_yaml_map(value)
        expected = field_names(challenge)
        if parsed is None:
            return f"a {challenge.type} answer is a YAML map of {sorted(expected)}"
        if set(parsed) != expected:
            return f"a {challenge.type} answer has exactly the fields {sorted(expected)}"
        if any(len(v) != 1 for v in parsed.values()):
            return "each field takes one value"
    return None


def _choice_problem(challenge: Challenge, value: str) -> str | None:
    n = proposal_count(challenge)
    parts = [p.strip() for p in value.split(",")]
    if challenge.type == "QCU" and len(parts) != 1:
        return f"a QCU answer is one proposal number from 1 to {n}"
    if not all(p.isdigit() and 1 <= int(p) <= n for p in parts):
        return f"proposal numbers go from 1 to {n}"
    if len({int(p) for p in parts}) != len(parts):
        return "a proposal is chosen at most once"
    return None
