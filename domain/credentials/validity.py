"""The 3-year validity of a certificate and its status at any instant.

Seed rule: a certificate is valid for 3 years from its delivery (the publication of its
session's results). ``valid_until`` is the same instant three calendar years later (29 February
falls back to 28 February); the certificate is valid from ``delivered_at`` up to and including
``valid_until``, and expired from the next instant on. Revocation (unpublication, or a result
cancelled or rejected after publication) wins over both from its own instant on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

VALIDITY_YEARS: Final = 3

Status = Literal["not_yet_valid", "valid", "expired", "revoked"]
REVOCATION_REASONS: Final = ("unpublished", "cancelled", "rejected")
"""Reason categories of a revocation: the session was unpublished, or the course's result was
cancelled (by the jury or for lack of answers) or rejected (e.g. for fraud) after publication."""


def valid_until(delivered_at: datetime) -> datetime:
    """The last instant a certificate delivered at ``delivered_at`` is valid (3 years on)."""
    year = delivered_at.year + VALIDITY_YEARS
    try:
        return delivered_at.replace(year=year)
    except ValueError:  # 29 February, three years later, does not exist
        return delivered_at.replace(year=year, day=28)


@dataclass(frozen=True)
class Validity:
    """A certificate's status at ``at``: ``revoked_at``/``revocation_reason`` only when revoked."""

    at: datetime
    status: Status
    valid_from: datetime
    valid_until: datetime
    revoked_at: datetime | None = None
    revocation_reason: str | None = None


def status_at(
    at: datetime,
    *,
    delivered_at: datetime,
    revoked_at: datetime | None = None,
    revocation_reason: str | None = None,
) -> Validity:
    """The status at ``at`` (UTC-aware) of a certificate delivered at ``delivered_at``."""
    until = valid_until(delivered_at)
    if revoked_at is not None and at >= revoked_at:
        return Validity(at, "revoked", delivered_at, until, revoked_at, revocation_reason)
    if at < delivered_at:
        return Validity(at, "not_yet_valid", delivered_at, until)
    if at > until:
        return Validity(at, "expired", delivered_at, until)
    return Validity(at, "valid", delivered_at, until)
