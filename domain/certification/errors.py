"""Refusals of the certification context; all under ``LedgerError`` (see ``domain.errors``).

Hierarchy (bases from ``domain.errors``)::

    NotFoundError
    ├── CourseNotFoundError
    └── NoOngoingLiveAlertError
    RuleViolationError
    ├── CertificationTestEndedError
    ├── CertificationTimeLimitExceededError
    └── ChallengeAlreadyAnsweredError
    InvalidInputError
    └── LiveAlertSubcategoryError
"""

from __future__ import annotations

from domain.errors import InvalidInputError, NotFoundError, RuleViolationError


class CourseNotFoundError(NotFoundError):
    """No certification course with that id."""

    code = "certification_course_not_found"


class NoOngoingLiveAlertError(NotFoundError):
    """The invigilator acted on a live alert that is not ongoing."""

    code = "live_alert_not_found"


class CertificationTestEndedError(RuleViolationError):
    """The test has ended (completed, ended by the invigilator or by finalisation)."""

    code = "certification_test_ended"


class CertificationTimeLimitExceededError(RuleViolationError):
    """The time allowed (105 minutes plus extra time) is over; the answer is refused."""

    code = "certification_time_limit_exceeded"


class ChallengeAlreadyAnsweredError(RuleViolationError):
    """A live alert on a question that was already answered."""

    code = "challenge_already_answered"


class LiveAlertSubcategoryError(InvalidInputError):
    """A validated live alert must name an IN_CHALLENGE subcategory (E1 to E12)."""

    code = "invalid_live_alert_subcategory"
