"""The page guard: cookie sign-in checked against the API's role table.

``require_staff(action)`` reads the session cookie (an access token from the same token
service as the API), renews it from the refresh cookie when it has expired, checks the role
against ``ACTIONS[action]`` and, on an unsafe method, the form's CSRF token. Without a valid
session it redirects to the sign-in page; with a role outside the row it answers 403.
"""

from __future__ import annotations

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from api.auth import login
from api.auth.guard import Authorized, auth_services
from api.auth.policy import ACTIONS
from api.auth.tokens import Principal
from api.pages.csrf import check_csrf
from domain.errors import LedgerError, PermissionDeniedError

SESSION_COOKIE = "certledger_session"
REFRESH_COOKIE = "certledger_refresh"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

PageUser = Authorized
"""Who is signed in, as page handlers see them (the same shape as API callers)."""


class SignInRequired(Exception):  # noqa: N818 - a redirect, not an error shown to anyone
    """No valid session: the handler installed by ``install_pages`` redirects to sign-in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PageAccessDeniedError(PermissionDeniedError):
    """A signed-in user whose role may not open this page or send this form."""

    code = "permission_denied"


def _principal(request: Request) -> Principal | None:
    """The signed-in principal, renewing the session from the refresh cookie if needed."""
    services = auth_services(request)
    access = request.cookies.get(SESSION_COOKIE)
    if access:
        try:
            return services.tokens.verify(access)[0]
        except LedgerError:
            pass
    refresh = request.cookies.get(REFRESH_COOKIE)
    if not refresh:
        return None
    try:
        pair, _ = login.refresh(services, request.app.state.container.ledger, refresh)
    except LedgerError:
        return None
    request.state.renewed_tokens = pair  # the pages middleware sets the new cookies
    return services.tokens.verify(pair.access_token)[0]


class RequireStaff:
    """Dependency guarding a page or form with ``action`` (a key of ``policy.ACTIONS``)."""

    def __init__(self, action: str) -> None:
        self.action = action

    async def __call__(self, request: Request) -> Authorized:
        principal = await run_in_threadpool(_principal, request)
        if principal is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise SignInRequired(target if request.method in SAFE_METHODS else "/pages/")
        user = Authorized.of(principal)
        request.state.page_user = user
        if principal.role not in ACTIONS.get(self.action, frozenset()):
            raise PageAccessDeniedError(f"role {principal.role} may not {self.action}")
        if request.method not in SAFE_METHODS:
            await check_csrf(request, str(user.user_id))
        return user


def require_staff(action: str) -> RequireStaff:
    """The dependency guarding a page with ``action``."""
    return RequireStaff(action)
