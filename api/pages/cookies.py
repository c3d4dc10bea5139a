"""The pages' cookies: session (access token), refresh token and CSRF token.

All HttpOnly and SameSite=Strict; ``Secure`` unless ``CERTLEDGER_COOKIE_SECURE`` is false
(by default only dev serves them over plain HTTP). They are sent to ``/pages`` only: the JSON
API takes bearer tokens and never reads a cookie, so it needs no CSRF defence.
"""

from __future__ import annotations

from fastapi import Request, Response

from api.auth.tokens import TokenPair
from api.pages.csrf import CSRF_COOKIE
from api.pages.guard import REFRESH_COOKIE, SESSION_COOKIE


def _secure(request: Request) -> bool:
    return bool(request.app.state.container.settings.secure_cookies)


def _set(request: Request, response: Response, name: str, value: str, **kw: object) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path=str(kw.get("path", "/pages")),
        max_age=kw.get("max_age"),  # type: ignore[arg-type]
    )


def set_session_cookies(request: Request, response: Response, pair: TokenPair) -> None:
    """Sign the browser in with ``pair``."""
    _set(request, response, SESSION_COOKIE, pair.access_token)
    if pair.refresh_token is not None:
        _set(request, response, REFRESH_COOKIE, pair.refresh_token, path="/pages")


def clear_session_cookies(request: Request, response: Response) -> None:
    """Sign the browser out (the tokens themselves are revoked by the caller)."""
    secure = _secure(request)
    for name in (SESSION_COOKIE, REFRESH_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/pages", secure=secure, httponly=True, samesite="strict")


def write_pending_cookies(request: Request, response: Response) -> None:
    """Set what the guard and ``render`` decided during the request (renewal, new CSRF)."""
    renewed: TokenPair | None = getattr(request.state, "renewed_tokens", None)
    if renewed is not None:
        set_session_cookies(request, response, renewed)
    token: str | None = getattr(request.state, "new_csrf_token", None)
    if token is not None and not getattr(request.state, "csrf_cookie_written", False):
        _set(request, response, CSRF_COOKIE, token)
        request.state.csrf_cookie_written = True
