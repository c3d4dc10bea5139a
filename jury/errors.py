"""Refusals of the jury context; all under ``LedgerError`` (see ``domain.errors``).

Hierarchy (bases from ``domain.errors``)::

    NotFoundError
    ├── JurySessionNotFoundError      «La session n'existe pas ou son accès est restreint»
    ├── ChallengeNotAskedError        the question was not asked in the course (spec message)
    └── NoResultToDecideOnError       «No assessment result found»
    RuleViolationError
    ├── SessionNotFinalizedError      a decision before finalisation
    ├── SessionAlreadyPublishedError  «La session est déjà publiée.»
    ├── SessionNotPublishedError      unpublishing a session that is not published
    ├── CertificationCourseNotPublishableError   §5.3 message
    ├── IssueReportAutomaticallyResolvedError    «Le signalement ne peut pas être…»
    ├── DecisionAlreadyInEffectError  cancelling a cancelled course, neutralising twice...
    ├── DecisionNotInEffectError      uncancelling a course that is not cancelled...
    ├── NeutralisationV2OnlyError     v3 questions are handled live, not neutralised after
    └── NotificationAlreadySentError  a result notification is recorded sent once
    InvalidInputError
    ├── ReasonRequiredError           a decision without its reason text
    ├── IdentityCorrectionInvalidError   §5.4 messages
    └── ManualResultInvalidError
    PermissionDeniedError
    └── DecisionNotAllowedError       a role that may not take this decision
"""

from __future__ import annotations

from domain.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RuleViolationError,
)


class JurySessionNotFoundError(NotFoundError):
    code = "session_not_found"


class ChallengeNotAskedError(NotFoundError):
    code = "challenge_not_asked"


class NoResultToDecideOnError(NotFoundError):
    code = "assessment_result_not_found"


class SessionNotFinalizedError(RuleViolationError):
    code = "session_not_finalized"


class SessionAlreadyPublishedError(RuleViolationError):
    code = "session_already_published"


class SessionNotPublishedError(RuleViolationError):
    code = "session_not_published"


class CertificationCourseNotPublishableError(RuleViolationError):
    code = "certification_course_not_publishable"


class IssueReportAutomaticallyResolvedError(RuleViolationError):
    code = "issue_report_automatically_resolved"


class DecisionAlreadyInEffectError(RuleViolationError):
    code = "decision_already_in_effect"


class NotificationAlreadySentError(RuleViolationError):
    code = "notification_already_sent"


class DecisionNotInEffectError(RuleViolationError):
    code = "decision_not_in_effect"


class NeutralisationV2OnlyError(RuleViolationError):
    code = "neutralisation_v2_only"


class ReasonRequiredError(InvalidInputError):
    code = "reason_required"


class IdentityCorrectionInvalidError(InvalidInputError):
    code = "identity_correction_invalid"


class ManualResultInvalidError(InvalidInputError):
    code = "manual_result_invalid"


class DecisionNotAllowedError(PermissionDeniedError):
    code = "decision_not_allowed"
