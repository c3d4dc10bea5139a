"""Personal data in an immutable ledger: sealed per person, erasable by deleting one key.

Names, birthdates, birthplaces, e-mails and usernames enter events only sealed with the
person's own key (``PersonalDataVault.seal``). Deleting that key (right to erasure) makes every
copy unreadable at once, in the events, in snapshots and in any view that kept the sealed text,
while the rest of the history stays intact. Readers unseal through the vault and get ``ERASED``
for a shredded key. The vault's storage and cipher are adapters outside the domain.
"""

from __future__ import annotations

import re
from datetime import date

from domain.errors import InvalidPersonalDataError
from domain.ports import PersonalDataVault
from domain.text import visible_text

ERASED = "[erased]"
"""What a sealed field reads as once its person's key has been deleted."""

PERSONAL_FIELDS = ("first_name", "last_name", "email", "username", "birthdate", "birthplace")
"""The fields sealed in account events; nothing else personal is recorded."""

# Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mailer's
# concern; this rejects typos such as a missing domain.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")

__all__ = [
    "ERASED",
    "PERSONAL_FIELDS",
    "PersonalDataVault",
    "check_birthdate",
    "check_email",
    "check_name",
    "check_username",
    "normalise_login",
]


def check_email(value: str) -> str:
    """The e-mail address, trimmed and lower-cased; ``InvalidPersonalDataError`` if malformed."""
    email = value.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidPersonalDataError("email", f"{value!r} is not an e-mail address")
    return email


def check_username(value: str) -> str:
    """A username: 3 to 64 of a-z, 0-9, dot, dash, underscore, starting alphanumeric."""
    username = value.strip().lower()
    if not _USERNAME.match(username) or "@" in username:
        raise InvalidPersonalDataError(
            "username", "3 to 64 characters among a-z, 0-9, '.', '_', '-', starting with a-z or 0-9"
        )
    return username


def check_birthdate(value: date, *, today: date) -> date:
    """A birthdate in the past and at most 120 years ago (``today`` is an argument)."""
    if value >= today or value.year < today.year - 120:
        raise InvalidPersonalDataError(
            "birthdate", f"{value.isoformat()} is not a plausible birthdate"
        )
    return value


def check_name(field: str, value: str) -> str:
    """A first or last name: trimmed, 1 to 100 visible characters."""
    name = visible_text(value)
    if not 1 <= len(name) <= 100:
        raise InvalidPersonalDataError(field, "must be 1 to 100 characters")
    return name


def normalise_login(value: str) -> str:
    """The form of an e-mail or username used for lookups: trimmed and lower-cased."""
    return value.strip().lower()
