"""Verification codes and share tokens as the public side meets them: format and digests.

Lookups go by digest, never by the code or token itself, so the view's lookup column reveals
neither and log lines can carry a keyed digest instead of the code.
"""

from __future__ import annotations

import hashlib

from domain.certification.codes import VERIFICATION_CODE_ALPHABET, VERIFICATION_CODE_PATTERN
from domain.credentials.errors import VerificationCodeMalformedError

CODE_FORMAT = f"P- followed by 8 characters among {VERIFICATION_CODE_ALPHABET}"


def normalise_code(raw: str) -> str:
    """The code upper-cased and trimmed; ``VerificationCodeMalformedError`` names the format."""
    code = raw.strip().upper()
    if not VERIFICATION_CODE_PATTERN.match(code):
        raise VerificationCodeMalformedError(f"a verification code is {CODE_FORMAT}")
    return code


def code_digest(code: str) -> str:
    """The lookup key of a (normalised) verification code."""
    return hashlib.sha256(f"certledger/verification-code/{code}".encode()).hexdigest()


def token_digest(token: str) -> str:
    """The lookup key of a share token."""
    return hashlib.sha256(f"certledger/share-token/{token}".encode()).hexdigest()
