"""Answer checking: validators per challenge type, free-text treatments, and the examiner.

Belongs here: deciding whether an answer value is right for a challenge (``check_answer``), and
turning that verdict plus the answer's circumstances into the stored status (``correct_answer``).
Must not be here: knowledge elements, scoring, storage or the clock (circumstances come in as
flags).
"""

from __future__ import annotations

from domain.checking.examiner import correct_answer, examine
from domain.checking.matching import MAX_DISTANCE_RATIO, levenshtein, treat
from domain.checking.model import (
    QROC_SELECT,
    SKIP_VALUE,
    CheckableChallenge,
    CheckResult,
    CheckStatus,
    CorrectedStatus,
)
from domain.checking.solutions import solution_as_answer, solution_problems
from domain.checking.validators import check_answer

__all__ = [
    "MAX_DISTANCE_RATIO",
    "QROC_SELECT",
    "SKIP_VALUE",
    "CheckResult",
    "CheckStatus",
    "CheckableChallenge",
    "CorrectedStatus",
    "check_answer",
    "correct_answer",
    "examine",
    "levenshtein",
    "solution_as_answer",
    "solution_problems",
    "treat",
]
