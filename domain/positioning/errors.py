"""Refusals of the positioning commands, each with a stable ``code``.

They extend the ledger's hierarchy (``domain.errors``), so ``api/errors.py`` maps them::

    NotFoundError (404)
    ├── CompetenceNotFoundError      unknown competence code
    ├── CompetenceEvaluationNotFoundError
    └── TutorialNotFoundError
    RuleViolationError (409)
    ├── AnswerAlreadyRecordedError   the challenge was answered already in this assessment
    ├── NothingToResetError          no knowledge element on the competence
    ├── ResetTooEarlyError           fewer than 7 days since the last element (``available_at``)
    ├── RetryNotAllowedError         not completed, or already at the highest reachable level
    └── RetryTooEarlyError           fewer than 4 days since the last element (``available_at``)
    InvalidInputError (422)
    └── AnswerFormatError            an answer that does not fit the challenge's type
"""

from __future__ import annotations

from datetime import datetime

from domain.errors import InvalidInputError, NotFoundError, RuleViolationError

__all__ = [
    "AnswerAlreadyRecordedError",
    "AnswerFormatError",
    "CompetenceEvaluationNotFoundError",
    "CompetenceNotFoundError",
    "NothingToResetError",
    "ResetTooEarlyError",
    "RetryNotAllowedError",
    "RetryTooEarlyError",
    "TutorialNotFoundError",
]


class CompetenceNotFoundError(NotFoundError):
    """The framework has no competence with that code."""

    code = "competence_not_found"


class CompetenceEvaluationNotFoundError(NotFoundError):
    """The learner never started an evaluation of that competence."""

    code = "competence_evaluation_not_found"


class TutorialNotFoundError(NotFoundError):
    """No tutorial with that id in the bank (or not in the learner's list, for a removal)."""

    code = "tutorial_not_found"


class AnswerAlreadyRecordedError(RuleViolationError):
    """A challenge is answered once per assessment."""

    code = "answer_already_recorded"


class NothingToResetError(RuleViolationError):
    """A competence without any current knowledge element has nothing to reset."""

    code = "nothing_to_reset"


class _TooEarlyError(RuleViolationError):
    """Refused until ``available_at`` (UTC), which the detail also states."""

    def __init__(self, what: str, available_at: datetime, remaining_days: int) -> None:
        super().__init__(
            f"{what} possible from {available_at.isoformat()} "
            f"(in {remaining_days} day{'s' if remaining_days != 1 else ''})"
        )
        self.available_at = available_at
        self.remaining_days = remaining_days


class ResetTooEarlyError(_TooEarlyError):
    """A reset within 7 days of the competence's last knowledge element."""

    code = "reset_too_early"


class RetryTooEarlyError(_TooEarlyError):
    """A retry within 4 days of the competence's last knowledge element."""

    code = "retry_too_early"


class RetryNotAllowedError(RuleViolationError):
    """Only a completed evaluation below the highest reachable level can be retried."""

    code = "retry_not_allowed"


class AnswerFormatError(InvalidInputError):
    """The value cannot be an answer to this challenge type (e.g. "abc" to a single choice)."""

    code = "answer_format_invalid"
