"""Errors of certificates and credentials.

Hierarchy (under ``domain.errors``)::

    NotFoundError
    ├── CertificateNotFoundError     unknown code, unpublished or not validated: one answer
    └── ShareLinkNotFoundError       unknown or revoked share token
    RuleViolationError
    └── ResultsNotPublishedError     a session's results are exported once published
    InvalidInputError
    └── VerificationCodeMalformedError  not ``P-`` and 8 symbols of the code alphabet
    TooManyAttemptsError
    └── VerificationThrottledError   too many verification requests (``retry_after`` seconds)
"""

from __future__ import annotations

from domain.errors import (
    InvalidInputError,
    NotFoundError,
    RuleViolationError,
    TooManyAttemptsError,
)


class CertificateNotFoundError(NotFoundError):
    """No certificate here: the same answer for unknown, unpublished and not validated."""

    code = "certificate_not_found"


class ShareLinkNotFoundError(NotFoundError):
    """The share token is unknown or was revoked."""

    code = "share_link_not_found"


class VerificationCodeMalformedError(InvalidInputError):
    """A verification code is ``P-`` then 8 of ``2346789BCDFGHJKMPQRTVWXY`` (any case)."""

    code = "verification_code_malformed"


class VerificationThrottledError(TooManyAttemptsError):
    """Too many verification requests from this address, or overall."""

    code = "verification_throttled"


class ResultsNotPublishedError(RuleViolationError):
    """A session's results are exported for its centre only once published."""

    code = "results_not_published"
