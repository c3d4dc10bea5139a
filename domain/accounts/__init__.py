"""Accounts: who may act (learners, centre members, jury, administrators, auditors, API clients).

Holds the aggregates (``Account``, ``LoginName``, ``CentreRoster``), the password hashing rule,
the personal-data port (``PersonalDataVault``) and the ``AccountCommands`` ledger mixin. It must
not hold tokens, HTTP or key storage: those are adapters in ``api/`` behind the port.
"""

from __future__ import annotations

from domain.accounts.account import (
    ACCOUNT_ROLES,
    ADMIN_ROLES,
    CENTRE_ROLES,
    ORGANISATION_ROLES,
    STAFF_ROLES,
    Account,
    UserId,
)
from domain.accounts.centre_roster import CentreRoster
from domain.accounts.commands import AccountCommands, PersonalData
from domain.accounts.login_name import LoginName
from domain.accounts.passwords import hash_password, verify_password
from domain.accounts.personal_data import (
    ERASED,
    PersonalDataVault,
    check_birthdate,
    check_email,
    normalise_login,
)

__all__ = [
    "ACCOUNT_ROLES",
    "ADMIN_ROLES",
    "CENTRE_ROLES",
    "ERASED",
    "ORGANISATION_ROLES",
    "STAFF_ROLES",
    "Account",
    "AccountCommands",
    "CentreRoster",
    "LoginName",
    "PersonalData",
    "PersonalDataVault",
    "UserId",
    "check_birthdate",
    "check_email",
    "hash_password",
    "normalise_login",
    "verify_password",
]
