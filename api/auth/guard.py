"""Authorisation at the API boundary: ``authorize(action)`` and the ownership helpers.

``authorize`` authenticates the bearer token (401) and checks the declared table (403); the
``ensure_*`` helpers narrow an allowed role to its own learner, centre or session once the
handler knows the resource (403 ``out_of_scope``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.auth.policy import ACTIONS, ADMINS
from api.auth.services import AuthServices
from api.auth.tokens import Principal
from domain.actors import Actor
from domain.errors import (
    AuthenticationError,
    LedgerError,
    OutOfScopeError,
    PermissionDeniedError,
)

OVERSEERS = ADMINS | {"AUDITOR"}
"""Roles that the ownership helpers let through by default (they see every learner/centre)."""

bearer_scheme = HTTPBearer(auto_error=False, description="an access token from POST /auth/token")


@dataclass(frozen=True)
class Authorized:
    """The authenticated caller, as routes see it; ``actor`` goes into every command."""

    user_id: UUID
    role: str
    actor: Actor
    centre_ids: frozenset[UUID]
    session_id: UUID | None

    @classmethod
    def of(cls, principal: Principal) -> Authorized:
        """The caller a verified token speaks for."""
        return cls(
            user_id=principal.user_id,
            role=principal.role,
            actor=Actor(id=str(principal.user_id), role=principal.role),
            centre_ids=principal.centre_ids,
            session_id=principal.session_id,
        )


def auth_services(request: Request) -> AuthServices:
    """The app's authentication services (built by ``bootstrap``)."""
    services: AuthServices = request.app.state.container.auth
    return services


class Authorize:
    """FastAPI dependency for one action: 401 without a valid token, 403 for other roles.

    Asynchronous, so that checking a token costs no hop to the thread pool: verifying is
    CPU-only while the revocation set is fresh; when it would read the database (revocation
    refresh due, or ``token_revocation_sync_interval`` 0) it runs in the pool instead.
    """

    def __init__(self, action: str) -> None:
        self.action = action

    async def __call__(
        self,
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    ) -> Authorized:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise AuthenticationError("a bearer token is required")
        tokens = auth_services(request).tokens
        verify = functools.partial(tokens.verify, credentials.credentials)
        principal, _ = await run_in_threadpool(verify) if tokens.verify_may_block() else verify()
        # An action missing from the table denies everyone (the matrix test reports it).
        if principal.role not in ACTIONS.get(self.action, frozenset()):
            raise PermissionDeniedError(f"role {principal.role} may not {self.action}")
        return Authorized.of(principal)


async def refusal_before_body(request: Request) -> LedgerError | None:
    """The 401/403 that the matched route's guards give this request, if any.

    Used when the body cannot be read: FastAPI parses it before the dependencies run.
    """
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return None
    credentials = await bearer_scheme(request)
    for guard in _guards(dependant):
        try:
            await guard(request, credentials)
        except LedgerError as e:
            return e
    return None


def _guards(dependant: Dependant) -> list[Authorize]:
    found = [d.call for d in dependant.dependencies if isinstance(d.call, Authorize)]
    return found + [g for d in dependant.dependencies for g in _guards(d)]


def authorize(action: str) -> Authorize:
    """The dependency guarding a route with ``action`` (a key of ``policy.ACTIONS``)."""
    return Authorize(action)


def ensure_owner(user: Authorized, subject_id: UUID, *, also: frozenset[str] = OVERSEERS) -> None:
    """A learner's own data: the caller is the subject, or holds one of the ``also`` roles."""
    if user.user_id != subject_id and user.role not in also:
        raise OutOfScopeError("only the person themselves may do this")


def ensure_centre_member(
    user: Authorized, centre_id: UUID, *, also: frozenset[str] = OVERSEERS
) -> None:
    """A centre's sessions: the caller belongs to the centre, or holds one of ``also``."""
    if centre_id not in user.centre_ids and user.role not in also:
        raise OutOfScopeError(f"not a member of centre {centre_id}")


def ensure_invigilator_of(
    user: Authorized, session_id: UUID, *, also: frozenset[str] = OVERSEERS
) -> None:
    """A session's invigilation: the caller's token is scoped to it, or holds one of ``also``."""
    if user.session_id != session_id and user.role not in also:
        raise OutOfScopeError(f"not invigilating session {session_id}")


def ensure_jury_may_review(user: Authorized, *, in_review: bool) -> None:
    """Jury members act only on sessions in review; other allowed roles are not narrowed."""
    if user.role == "JURY" and not in_review:
        raise OutOfScopeError("jury members see only sessions in review")
