"""Refusals of the certification context; all under ``LedgerError`` (see ``domain.errors``).

Hierarchy (bases from ``domain.errors``)::

    NotFoundError
    ├── CourseNotFoundError, CentreNotFoundError, SessionNotFoundError
    ├── CandidateNotFoundError, IssueReportNotFoundError
    ├── CandidateNotFoundByIdentityError
    └── NoOngoingLiveAlertError
    RuleViolationError
    ├── CertificationTestEndedError, CertificationTimeLimitExceededError
    ├── ChallengeAlreadyAnsweredError
    ├── SessionAlreadyStartedError, SessionNotAccessibleError, SessionNotJoinableError
    ├── EnrolmentClosedError, DuplicateCandidateError, CandidateLinkedError
    ├── TooManyCandidatesMatchError, UnexpectedUserAccountError, UserAlreadyLinkedError
    ├── NotCertifiableError, RetakeTooSoonError
    ├── CandidateNotAuthorizedToJoinError, CandidateNotAuthorizedToResumeError
    ├── CertificationDurationExceededError, AccessCodeIncorrectError
    └── SessionAlreadyFinalizedError, SessionWithoutStartedCertificationError,
        SessionWithMissingAbortReasonError, AbortReasonOnCompletedCourseError
    InvalidInputError
    ├── LiveAlertSubcategoryError, SessionDetailsInvalidError, AbortReasonInvalidError
    ├── CandidateInvalidError          (``problems``: every faulty field)
    └── CandidateImportError           (``problems``: every faulty line)
"""

from __future__ import annotations

from typing import Any

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


class CentreNotFoundError(NotFoundError):
    """No certification centre with that id."""

    code = "certification_centre_not_found"


class SessionNotFoundError(NotFoundError):
    """No session with that id."""

    code = "session_not_found"


class CandidateNotFoundError(NotFoundError):
    """No candidate with that id in the session."""

    code = "candidate_not_found"


class IssueReportNotFoundError(NotFoundError):
    """No incident report with that id in the session."""

    code = "issue_report_not_found"


class CandidateNotFoundByIdentityError(NotFoundError):
    """No enrolled candidate has these names and birthdate."""

    code = "candidate_not_found_by_identity"


class SessionDetailsInvalidError(InvalidInputError):
    """Session details that fail validation (site, room, examiner, date, time)."""

    code = "invalid_session_details"


class AbortReasonInvalidError(InvalidInputError):
    """An abort reason other than ``candidate`` or ``technical``."""

    code = "invalid_abort_reason"


class CandidateInvalidError(InvalidInputError):
    """A candidate whose fields fail validation; ``problems`` lists them all."""

    code = "invalid_candidate"

    def __init__(self, detail: str, problems: list[dict[str, Any]]) -> None:
        super().__init__(detail)
        self.problems = problems


class CandidateImportError(InvalidInputError):
    """A candidate file with bad lines; nothing was imported; ``problems`` lists every line."""

    code = "invalid_candidate_import"

    def __init__(self, detail: str, problems: list[dict[str, Any]]) -> None:
        super().__init__(detail)
        self.problems = problems


class SessionAlreadyStartedError(RuleViolationError):
    """Details are frozen once a candidate has started."""

    code = "session_already_started"


class SessionNotAccessibleError(RuleViolationError):
    """The session is finalised: nobody joins or invigilates it any more."""

    code = "session_not_accessible"


class SessionNotJoinableError(RuleViolationError):
    """The session expired (24 hours after its first start): no new test can start."""

    code = "session_not_joinable"


class EnrolmentClosedError(RuleViolationError):
    """Enrolment closes at finalisation (or when the session has expired)."""

    code = "enrolment_closed"


class DuplicateCandidateError(RuleViolationError):
    """The same person (normalised names and birthdate) is already enrolled."""

    code = "duplicate_candidate"


class CandidateLinkedError(RuleViolationError):
    """A candidate already linked to a user cannot be removed."""

    code = "candidate_already_linked"


class TooManyCandidatesMatchError(RuleViolationError):
    """More than one enrolled candidate has these names and birthdate."""

    code = "too_many_candidates_match"


class UnexpectedUserAccountError(RuleViolationError):
    """The candidate is already linked to another user account."""

    code = "unexpected_user_account"


class UserAlreadyLinkedError(RuleViolationError):
    """The user is already linked to another candidate of the session."""

    code = "user_already_linked_to_candidate"


class NotCertifiableError(RuleViolationError):
    """The profile has fewer than 5 competences at level 1 or more."""

    code = "user_not_certifiable"


class RetakeTooSoonError(RuleViolationError):
    """Fewer than 15 days since the candidate's previous certification; says from when."""

    code = "retake_too_soon"


class CandidateNotAuthorizedToJoinError(RuleViolationError):
    """The invigilator has not confirmed presence, or the confirmation expired (15 min)."""

    code = "candidate_not_authorized_to_join_session"


class CandidateNotAuthorizedToResumeError(RuleViolationError):
    """Resuming needs a new authorisation from the invigilator."""

    code = "candidate_not_authorized_to_resume_session"


class CertificationDurationExceededError(RuleViolationError):
    """More than 24 hours since the course started."""

    code = "certification_duration_exceeded"


class AccessCodeIncorrectError(RuleViolationError):
    """The access code does not open this session."""

    code = "access_code_incorrect"


class SessionAlreadyFinalizedError(RuleViolationError):
    """A session is finalised once."""

    code = "session_already_finalized"


class SessionWithoutStartedCertificationError(RuleViolationError):
    """Nobody started: delete the session rather than finalise it."""

    code = "session_without_started_certification"


class SessionWithMissingAbortReasonError(RuleViolationError):
    """An unfinished test has no abort reason."""

    code = "unterminated_certification_without_abort_reason"


class AbortReasonOnCompletedCourseError(RuleViolationError):
    """An abort reason was given for a test that is finished."""

    code = "session_with_abort_reason_on_completed_certification_course"
