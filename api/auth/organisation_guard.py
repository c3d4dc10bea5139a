"""Ownership for organisations and pull APIs: members of the organisation, and client scopes.

The role table lets organisation staff in; these helpers narrow them to their own
organisation (403 ``out_of_scope``). API clients get the scope a pull API needs from
``ApiClientScopes`` (403 ``scope_missing``).
"""

from __future__ import annotations

from uuid import UUID

from api.auth.guard import OVERSEERS, Authorized
from api.auth.policy import ADMIN_WRITERS
from domain.application import CertificationLedger
from domain.campaigns.organisation import Organisation


def ensure_organisation_member(
    user: Authorized,
    ledger: CertificationLedger,
    organisation_id: UUID,
    *,
    write: bool = False,
    admin: bool = False,
) -> Organisation:
    """The organisation, if the caller is one of its members (an ORGA_ADMIN when ``admin``).

    Administrators who may write pass for writes; overseers (administrators, auditors) for
    reads.
    """
    if user.role in (ADMIN_WRITERS if write or admin else OVERSEERS):
        return ledger.get_organisation(organisation_id)
    return ledger.ensure_organisation_member(organisation_id, user.user_id, admin=admin)


def ensure_scope(user: Authorized, ledger: CertificationLedger, scope: str) -> None:
    """The API client holds ``scope`` (``ScopeMissingError`` otherwise)."""
    ledger.ensure_api_scope(user.user_id, scope)
