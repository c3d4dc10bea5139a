"""Domain errors: every refusal the ledger can give, each with a stable snake-case ``code``.

Hierarchy::

    LedgerError                      code, detail; base of every rule the domain enforces
    ├── NotFoundError                a thing that was asked for does not exist
    │   ├── FrameworkNotFoundError
    │   ├── ChallengeNotFoundError
    │   ├── AssessmentNotFoundError
    │   ├── ContentReleaseNotFoundError
    │   └── AccountNotFoundError
    ├── ConflictError                a concurrent write lost the race, or a duplicate
    │   ├── WriteConflictError       another writer saved the same record first
    │   └── LoginTakenError          the e-mail or username belongs to another account
    ├── RuleViolationError           a well-formed command that a rule refuses in this state
    │   ├── AssessmentCompletedError
    │   ├── ChallengeNotCurrentError
    │   ├── ChallengeAlreadyServedError
    │   ├── AnswerAwaitedError
    │   └── ChallengeNotServableError
    ├── InvalidInputError            input that no rule can accept (malformed, out of range)
    │   ├── FrameworkDataError       a framework file that fails validation
    │   ├── BankDataError            an item bank that fails validation (lists every faulty entry)
    │   ├── ScoringInputError        scoring inputs that do not fit together
    │   ├── IssueReportInvalidError  an incident report missing a required field
    │   ├── DeprecatedIssueReportCategoryError
    │   ├── DeprecatedIssueReportSubcategoryError
    │   ├── InvalidPersonalDataError a malformed e-mail, username, name or birthdate (``field``)
    │   ├── WeakPasswordError        a password too short or too long
    │   └── RequestTooLargeError     413: a request body over the configured size limit
    ├── AuthenticationError          401: no credentials, or bad, expired or revoked ones
    │   ├── InvalidCredentialsError  wrong login or password (the same for an unknown login)
    │   └── InvalidTokenError        a tampered, expired, revoked or wrong-type token
    ├── PermissionDeniedError        403: a known user whose role may not do this action
    │   └── OutOfScopeError          403: allowed role, but not this learner, centre or session
    ├── TooManyAttemptsError         429: failed sign-ins throttled (``retry_after`` seconds)
    ├── StorageUnavailableError      the configured store cannot be reached
    └── StoredEventError             a stored event missing or undecodable (names where it is)

``api/errors.py`` maps each class to one HTTP status; the ``code`` reaches clients verbatim, so a
released code is never renamed.
"""

from __future__ import annotations

__all__ = [
    "AccountNotFoundError",
    "AnswerAwaitedError",
    "AssessmentCompletedError",
    "AssessmentNotFoundError",
    "AuthenticationError",
    "BankDataError",
    "ChallengeAlreadyServedError",
    "ChallengeNotCurrentError",
    "ChallengeNotFoundError",
    "ChallengeNotServableError",
    "ConflictError",
    "ContentReleaseNotFoundError",
    "DeprecatedIssueReportCategoryError",
    "DeprecatedIssueReportSubcategoryError",
    "FrameworkDataError",
    "FrameworkNotFoundError",
    "InvalidCredentialsError",
    "InvalidInputError",
    "InvalidPersonalDataError",
    "InvalidTokenError",
    "IssueReportInvalidError",
    "LedgerError",
    "LoginTakenError",
    "NotFoundError",
    "OutOfScopeError",
    "PermissionDeniedError",
    "RequestTooLargeError",
    "RuleViolationError",
    "ScoringInputError",
    "StorageUnavailableError",
    "StoredEventError",
    "TooManyAttemptsError",
    "WeakPasswordError",
    "WriteConflictError",
]


class LedgerError(Exception):
    """Base of every domain refusal; ``code`` is stable and machine-readable."""

    code = "ledger_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(LedgerError):
    """A requested thing does not exist."""

    code = "not_found"


class FrameworkNotFoundError(NotFoundError):
    """No framework file for the requested id and version."""

    code = "framework_not_found"


class ChallengeNotFoundError(NotFoundError):
    """A challenge id unknown to the bank or to the given pool."""

    code = "challenge_not_found"


class AssessmentNotFoundError(NotFoundError):
    """No assessment with that id."""

    code = "assessment_not_found"


class ContentReleaseNotFoundError(NotFoundError):
    """No content release with that id."""

    code = "content_release_not_found"


class RuleViolationError(LedgerError):
    """A well-formed command that a rule refuses in the current state."""

    code = "rule_violation"


class AssessmentCompletedError(RuleViolationError):
    """The assessment has ended: nothing more can be served or answered."""

    code = "assessment_completed"


class ChallengeNotCurrentError(RuleViolationError):
    """An answer to a challenge other than the one being served."""

    code = "challenge_not_current"


class ChallengeAlreadyServedError(RuleViolationError):
    """A challenge is served at most once per assessment."""

    code = "challenge_already_served"


class AnswerAwaitedError(RuleViolationError):
    """The current challenge must be answered before another is served."""

    code = "answer_awaited"


class ChallengeNotServableError(RuleViolationError):
    """The challenge is archived or obsolete, or outside the assessment's scope."""

    code = "challenge_not_servable"


class ConflictError(LedgerError):
    """A write lost an optimistic-concurrency race, or duplicates an existing thing."""

    code = "conflict"


class InvalidInputError(LedgerError):
    """Input that no rule can accept."""

    code = "invalid_input"


class FrameworkDataError(InvalidInputError):
    """A framework data file that fails validation; the detail names the file and the entry."""

    code = "invalid_framework_data"


class BankDataError(InvalidInputError):
    """An item bank that fails validation; ``problems`` lists every faulty entry."""

    code = "invalid_bank"

    def __init__(self, detail: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(detail)
        self.problems = problems


class ScoringInputError(InvalidInputError):
    """Scoring inputs that do not fit together (unknown challenge, too many answers...)."""

    code = "invalid_scoring_input"


class StorageUnavailableError(LedgerError):
    """The configured event store cannot be reached or opened."""

    code = "storage_unavailable"


# -- certification -----------------------------------------------------------------------------


class IssueReportInvalidError(InvalidInputError):
    """An incident report that misses a required field or names an unknown category."""

    code = "invalid_issue_report"


class DeprecatedIssueReportCategoryError(InvalidInputError):
    """An incident category that may no longer be used."""

    code = "deprecated_issue_report_category"


class DeprecatedIssueReportSubcategoryError(InvalidInputError):
    """An incident subcategory that may no longer be used."""

    code = "deprecated_issue_report_subcategory"


# -- accounts and access control (issue 5) ---------------------------------------------------


class AccountNotFoundError(NotFoundError):
    """No account with that id."""

    code = "account_not_found"


class WriteConflictError(ConflictError):
    """Another writer saved the same aggregate first (optimistic concurrency); same ``code``."""


class LoginTakenError(ConflictError):
    """The e-mail or username is already another account's login; ``field`` says which."""

    code = "login_taken"

    def __init__(self, detail: str, field: str = "") -> None:
        super().__init__(detail)
        self.field = field


class InvalidPersonalDataError(InvalidInputError):
    """A malformed personal field; ``field`` names it (email, username, birthdate...)."""

    code = "invalid_personal_data"

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field


class WeakPasswordError(InvalidInputError):
    """A password shorter than 8 or longer than 128 characters."""

    code = "weak_password"


class RequestTooLargeError(InvalidInputError):
    """A request body larger than the server accepts (``CERTLEDGER_MAX_REQUEST_BYTES``)."""

    code = "request_too_large"


class AuthenticationError(LedgerError):
    """No credentials were given, or they are not valid (HTTP 401)."""

    code = "not_authenticated"


class InvalidCredentialsError(AuthenticationError):
    """Wrong login or password; deliberately the same for a login that names no account."""

    code = "invalid_credentials"


class InvalidTokenError(AuthenticationError):
    """A bearer or refresh token that is tampered, expired, revoked or of the wrong type."""

    code = "invalid_token"


class PermissionDeniedError(LedgerError):
    """The caller is known but its role or scope does not allow this action (HTTP 403)."""

    code = "permission_denied"


class TooManyAttemptsError(LedgerError):
    """Too many failed sign-ins for this login or client address; retry after a while."""

    code = "too_many_attempts"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class OutOfScopeError(PermissionDeniedError):
    """The role may do this, but not on this resource (another learner, centre or session)."""

    code = "out_of_scope"


class StoredEventError(LedgerError):
    """A stored event that cannot be read back; ``where`` names it (log position or aggregate)."""

    code = "stored_event_unreadable"

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"stored event at {where} cannot be read: {reason}")
        self.where = where
