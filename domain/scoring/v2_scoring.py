"""v2 scoring: reproducibility rate, trust, the 19-row certified-level table, marks and result.

RR = round(100·correct/non-neutralized) (half up, 0 when nothing counts). Trusted iff
non-neutralized ≥ ceil(0.66·challenges). RR < 50 uncertifies every competence. Otherwise each
competence looks up (n, c, k) in the table and takes the action of its RR band (≥ 80, [70, 80),
< 70): V keeps the profile level and pix, D takes one level and 8 pix off, I uncertifies (-1, 0).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from domain.errors import ScoringInputError
from domain.scoring.configuration import V2_SCORING, V2Configuration
from domain.scoring.inputs import Answer
from domain.scoring.results import CompetenceMark, V2CompetenceResult, V2Result

__all__ = [
    "CERTIFIED_LEVEL_RULES",
    "V2Challenge",
    "V2Competence",
    "is_trusted",
    "reproducibility_rate",
    "score_v2",
]

Action = Literal["V", "D", "I"]
UNCERTIFIED_LEVEL: Final = -1
_PIX_PER_LEVEL: Final = 8

# (challenges n, correct c, neutralized k) -> rule number and actions for RR >= 80, [70, 80), < 70.
CERTIFIED_LEVEL_RULES: Final[
    dict[tuple[int, int, int], tuple[int, tuple[Action, Action, Action]]]
] = {
    (3, 3, 0): (1, ("V", "V", "V")),
    (3, 2, 0): (2, ("V", "D", "D")),
    (3, 2, 1): (3, ("V", "V", "V")),
    (3, 1, 0): (4, ("I", "I", "I")),
    (3, 1, 1): (5, ("V", "D", "I")),
    (3, 1, 2): (6, ("V", "V", "D")),
    (3, 0, 0): (7, ("I", "I", "I")),
    (3, 0, 1): (8, ("I", "I", "I")),
    (3, 0, 2): (9, ("I", "I", "I")),
    (3, 0, 3): (10, ("I", "I", "I")),
    (2, 2, 0): (11, ("V", "V", "V")),
    (2, 1, 0): (12, ("V", "D", "I")),
    (2, 1, 1): (13, ("V", "V", "D")),
    (2, 0, 0): (14, ("I", "I", "I")),
    (2, 0, 1): (15, ("I", "I", "I")),
    (2, 0, 2): (16, ("I", "I", "I")),
    (1, 1, 0): (17, ("V", "V", "D")),
    (1, 0, 1): (18, ("I", "I", "I")),
    (1, 0, 0): (19, ("I", "I", "I")),
}


@dataclass(frozen=True, slots=True)
class V2Competence:
    """A profile competence: uncapped estimated level and pix; tested iff level ≥ 1."""

    competence_id: str
    estimated_level: int
    pix_score: int


@dataclass(frozen=True, slots=True)
class V2Challenge:
    """A v2 test challenge; ``skipped_automatically``: unanswered when the candidate left."""

    id: str
    competence_id: str
    type: str
    neutralized: bool = False
    skipped_automatically: bool = False


def reproducibility_rate(non_neutralized: int, correct: int) -> int:
    """round(100·correct/non_neutralized) with halves rounded up; 0 when nothing counts."""
    if non_neutralized == 0:
        return 0
    return math.floor(100 * correct / non_neutralized + 0.5)


def is_trusted(non_neutralized: int, challenge_count: int) -> bool:
    """Trusted iff at least ceil(0.66 x challenges) challenges count (are not neutralized)."""
    return non_neutralized >= math.ceil(0.66 * challenge_count)


def _band(rate: int) -> int:
    return 0 if rate >= 80 else 1 if rate >= 70 else 2


def _check_contract(challenges: Sequence[V2Challenge], answers: Sequence[Answer]) -> None:
    ids = Counter(c.id for c in challenges)
    answered = Counter(a.challenge_id for a in answers)
    problems = [f"challenge {i!r} appears twice" for i, n in ids.items() if n > 1]
    problems += [f"challenge {i!r} has {n} answers" for i, n in answered.items() if n > 1]
    problems += [f"answer to unknown challenge {i!r}" for i in answered if i not in ids]
    problems += [
        f"challenge {c.id!r} has no answer"
        for c in challenges
        if not (c.neutralized or c.skipped_automatically or c.id in answered)
    ]
    if problems:
        raise ScoringInputError("v2 test does not fit its answers: " + "; ".join(problems))


def _mark(competence: V2Competence, action: Action, config: V2Configuration) -> CompetenceMark:
    if action == "V":
        level, score = competence.estimated_level, competence.pix_score
    elif action == "D":
        level, score = competence.estimated_level - 1, competence.pix_score - _PIX_PER_LEVEL
    else:
        level, score = UNCERTIFIED_LEVEL, 0
    return CompetenceMark(
        competence_id=competence.competence_id,
        level=min(level, config.max_reachable_level),
        score=min(score, config.max_reachable_level * _PIX_PER_LEVEL),
    )


def _competence_result(
    competence: V2Competence,
    challenges: Sequence[V2Challenge],
    statuses: Mapping[str, str],
    rate: int,
    config: V2Configuration,
) -> V2CompetenceResult:
    # A QROCM-dep challenge weighs 2 only when the competence has fewer than 3 challenges.
    def weight(c: V2Challenge) -> int:
        return 2 if c.type == "QROCM-dep" and len(challenges) < 3 else 1

    n = sum(weight(c) for c in challenges)
    correct = sum(weight(c) for c in challenges if not c.neutralized and statuses.get(c.id) == "ok")
    c = min(correct, 3)
    k = sum(weight(c) for c in challenges if c.neutralized)
    if rate < 50:
        return V2CompetenceResult(
            competence.competence_id, n, c, k, None, _mark(competence, "I", config)
        )
    try:
        rule, actions = CERTIFIED_LEVEL_RULES[(n, c, k)]
    except KeyError:
        raise ScoringInputError(
            f"no certified-level rule for competence {competence.competence_id!r} "
            f"with {n} challenges, {c} correct and {k} neutralized"
        ) from None
    mark = _mark(competence, actions[_band(rate)], config)
    return V2CompetenceResult(competence.competence_id, n, c, k, rule, mark)


_INSUFFICIENT: Final = "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS"


def _decide(
    *,
    pix: int,
    rate: int,
    trusted: bool,
    abort_reason: str | None,
    rejected_for_fraud: bool,
    cancelled: bool,
) -> tuple[str, str | None]:
    """Apply the v2 result tree, first match wins; returns (status, auto jury comment)."""
    if cancelled:
        return "cancelled", None
    if rejected_for_fraud:
        return "rejected", "FRAUD"
    if not trusted:
        return "cancelled", "CANCELLED_DUE_TO_NEUTRALIZATION"
    if abort_reason == "technical" and rate < 50:
        return "cancelled", "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON"
    if rate < 50:
        return "rejected", _INSUFFICIENT
    return ("rejected" if pix == 0 else "validated"), None


def score_v2(
    profile: Sequence[V2Competence],
    challenges: Sequence[V2Challenge],
    answers: Sequence[Answer],
    *,
    abort_reason: Literal["candidate", "technical"] | None = None,
    rejected_for_fraud: bool = False,
    cancelled: bool = False,
    configuration: V2Configuration | None = None,
) -> V2Result:
    """Score a v2 test: tested competences are the profile's with level ≥ 1; others are ignored.

    Raises ScoringInputError when the challenges and answers break the contract (unanswered
    challenge, duplicate, unknown answer, tested competence without a challenge), when no table
    row matches, or when a certifiable rate (> 50) yields no pix at all.
    """
    config = configuration or V2Configuration()
    tested = [c for c in profile if c.estimated_level >= 1]
    tested_ids = {c.competence_id for c in tested}
    used = [c for c in challenges if c.competence_id in tested_ids]
    used_ids = {c.id for c in used}
    known_ids = {c.id for c in challenges}
    # Answers on untested competences are ignored; answers on unknown challenges break the contract.
    kept_answers = [
        a for a in answers if a.challenge_id in used_ids or a.challenge_id not in known_ids
    ]
    _check_contract(used, kept_answers)
    statuses = {a.challenge_id: a.status for a in kept_answers}
    counted = [
        c for c in used if not c.neutralized and (c.id in statuses or c.skipped_automatically)
    ]
    correct = sum(1 for c in counted if statuses.get(c.id) == "ok")
    rate = reproducibility_rate(len(counted), correct)
    results = []
    for competence in tested:
        own = [c for c in used if c.competence_id == competence.competence_id]
        if not own:
            raise ScoringInputError(
                f"tested competence {competence.competence_id!r} has no challenge"
            )
        results.append(_competence_result(competence, own, statuses, rate, config))
    pix = sum(r.mark.score for r in results)
    if pix < 1 and rate > 50:
        raise ScoringInputError(f"reproducibility rate {rate} but no certified pix: inconsistent")
    trusted = is_trusted(len(counted), len(used))
    status, comment = _decide(
        pix=pix,
        rate=rate,
        trusted=trusted,
        abort_reason=abort_reason,
        rejected_for_fraud=rejected_for_fraud,
        cancelled=cancelled,
    )
    return V2Result(
        reproducibility_rate=rate,
        trusted=trusted,
        competences=tuple(results),
        pix_score=0 if comment == _INSUFFICIENT else pix,
        status=status,
        auto_jury_comment=comment,
        algorithm=V2_SCORING,
        configuration=config,
    )
