"""Authentication and authorisation at the API boundary: tokens, the role table, ownership.

Routes declare ``user: Annotated[Authorized, Depends(authorize("<action>"))]`` and pass
``user.actor`` to ledger commands; the action must be a row of ``policy.ACTIONS``. Nothing
here decides business rules: it says who is calling and whether their role and scope allow it.
"""

from __future__ import annotations

from api.auth.guard import (
    OVERSEERS,
    Authorize,
    Authorized,
    auth_services,
    authorize,
    ensure_centre_member,
    ensure_invigilator_of,
    ensure_jury_may_review,
    ensure_owner,
)
from api.auth.invigilator import InvigilatorGate, RefusingInvigilatorGate
from api.auth.policy import ACTIONS, PUBLIC_ROUTES, is_public
from api.auth.services import AuthServices, build_auth
from api.auth.tokens import Principal, TokenPair, TokenService

__all__ = [
    "ACTIONS",
    "OVERSEERS",
    "PUBLIC_ROUTES",
    "AuthServices",
    "Authorize",
    "Authorized",
    "InvigilatorGate",
    "Principal",
    "RefusingInvigilatorGate",
    "TokenPair",
    "TokenService",
    "auth_services",
    "authorize",
    "build_auth",
    "ensure_centre_member",
    "ensure_invigilator_of",
    "ensure_jury_may_review",
    "ensure_owner",
    "is_public",
]
