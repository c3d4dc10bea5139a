"""One validator per challenge type; ``check_answer`` dispatches on the type.

QCU: exact string equality. QCM: unordered comma-separated sets, whitespace ignored. QROC: one of
the accepted lines (numbers compared as numbers when the format is "nombre" and everything parses).
QROCM-ind: every key matches its own accepted values. QROCM-dep: each answer consumes the first
remaining solution group it matches; ok iff every answer field found a group.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Final

import yaml

from domain.checking.matching import matches
from domain.checking.model import QROC_SELECT, CheckableChallenge, CheckResult, CheckStatus
from domain.errors import InvalidInputError

__all__ = ["accepted_lines", "as_number", "check_answer", "parse_yaml_map"]

_NUMBER: Final = re.compile(r"^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)\s*$")
OK: Final = CheckResult("ok")
KO: Final = CheckResult("ko")


def parse_yaml_map(text: str) -> dict[str, list[str]] | None:
    """Read a QROCM map key -> value or list of variants; None if ``text`` is not such a map.

    Every scalar stays a string (``yaml.BaseLoader``): "3.10" must not become 3.1, nor "yes" True.
    Returns a new dict each time (the parse itself is cached: YAML parsing is the slowest step
    of checking an answer).
    """
    frozen = _parsed_answer_map(text)
    return None if frozen is None else {key: list(variants) for key, variants in frozen}


_FrozenMap = tuple[tuple[str, tuple[str, ...]], ...]


def _load_yaml_map(text: str) -> _FrozenMap | None:
    try:
        loaded = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(loaded, dict):
        return None
    parsed: list[tuple[str, tuple[str, ...]]] = []
    for key, value in loaded.items():
        variants = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in variants):
            return None
        parsed.append((str(key), tuple(variants)))
    return tuple(parsed)


# Answers are short-lived (a small cache covers the format check and the checking of the same
# answer); solutions are a bank's worth of texts, parsed again on every answer without a cache.
_parsed_answer_map = lru_cache(maxsize=256)(_load_yaml_map)
_parsed_solution_map = lru_cache(maxsize=4096)(_load_yaml_map)


def _solution_map(challenge: CheckableChallenge) -> dict[str, list[str]]:
    frozen = _parsed_solution_map(challenge.solution)
    parsed = None if frozen is None else {key: list(variants) for key, variants in frozen}
    if parsed is None:
        raise InvalidInputError(
            f"{challenge.type} solution is not a YAML map of key -> value or list of values"
        )
    return parsed


def accepted_lines(solution: str) -> list[str]:
    """QROC accepted answers: one per line; blank lines are not answers."""
    return [line.rstrip("\r") for line in solution.split("\n") if line.strip()]


def as_number(text: str) -> float | None:
    """The number written in ``text`` (comma or point as decimal mark), or None."""
    return float(text.strip().replace(",", ".")) if _NUMBER.match(text) else None


def _qcu(challenge: CheckableChallenge, value: str) -> CheckResult:
    return OK if value == challenge.solution else KO


def _choices(text: str) -> set[str]:
    return {item for item in re.sub(r"\s", "", text).split(",") if item}


def _qcm(challenge: CheckableChallenge, value: str) -> CheckResult:
    return OK if _choices(value) == _choices(challenge.solution) else KO


def _qroc(challenge: CheckableChallenge, value: str) -> CheckResult:
    accepted = accepted_lines(challenge.solution)
    if challenge.format == "nombre":
        answer = as_number(value)
        numbers = [as_number(a) for a in accepted]
        if answer is not None and accepted and None not in numbers:
            return OK if answer in numbers else KO
    select = QROC_SELECT in challenge.select_blocks
    return OK if matches(value, accepted, challenge.deactivations, select) else KO


def _qrocm_ind(challenge: CheckableChallenge, value: str) -> CheckResult:
    solution = _solution_map(challenge)
    answers = parse_yaml_map(value) or {}
    selects = challenge.select_blocks
    details = {
        key: key in answers
        and len(answers[key]) == 1
        and matches(answers[key][0], accepted, challenge.deactivations, key in selects)
        for key, accepted in solution.items()
    }
    status: CheckStatus = "ok" if all(details.values()) else "ko"
    return CheckResult(status, MappingProxyType(details))


def _qrocm_dep(challenge: CheckableChallenge, value: str) -> CheckResult:
    remaining = list(_solution_map(challenge).values())
    answers = parse_yaml_map(value)
    if not answers:
        return KO
    good = 0
    for key, given in answers.items():
        if len(given) != 1:
            continue
        select = key in challenge.select_blocks
        found = next(
            (g for g in remaining if matches(given[0], g, challenge.deactivations, select)), None
        )
        if found is not None:
            remaining.remove(found)
            good += 1
    return OK if good == len(answers) else KO


_VALIDATORS: Final[Mapping[str, Callable[[CheckableChallenge, str], CheckResult]]] = (
    MappingProxyType(
        {
            "QCU": _qcu,
            "QCM": _qcm,
            "QROC": _qroc,
            "QROCM-ind": _qrocm_ind,
            "QROCM-dep": _qrocm_dep,
        }
    )
)


def check_answer(challenge: CheckableChallenge, value: str) -> CheckResult:
    """Validate ``value`` against the challenge's solution: ok, ko, or unimplemented type.

    Only the validator: a skip, a timeout or a focus loss is the examiner's business
    (``correct_answer``). A QROCM solution that is not a YAML map raises InvalidInputError; a
    malformed answer is simply wrong.
    """
    validator = _VALIDATORS.get(challenge.type)
    if validator is None:
        return CheckResult("unimplemented")
    return validator(challenge, value)
