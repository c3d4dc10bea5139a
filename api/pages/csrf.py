"""CSRF protection for forms: a signed double-submit token bound to who is signed in (ADR 0900).

The token is ``<nonce>.<HMAC(key, subject|nonce)>``: it is set as the ``certledger_csrf``
cookie (HttpOnly, SameSite=Strict) and written into every form as ``csrf_token``. A POST is
accepted only when the form field equals the cookie and the signature checks out for the
current subject (the signed-in user's id, or ``anonymous`` on the sign-in page), so a token
planted by another site or taken from another user's session is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request

from api.auth.keyring import keyring_from_settings
from domain.errors import PermissionDeniedError

CSRF_COOKIE = "certledger_csrf"
CSRF_FIELD = "csrf_token"
ANONYMOUS = "anonymous"


class CsrfTokenError(PermissionDeniedError):
    """A form posted without its CSRF token, or with one that is not ours for this user."""

    code = "csrf_token_invalid"


def _key(request: Request) -> bytes:
    """The CSRF signing key, derived from the active token key (one secret to manage)."""
    key: bytes | None = getattr(request.app.state, "csrf_key", None)
    if key is None:
        keys, active = keyring_from_settings(request.app.state.container.settings)
        key = hmac.new(keys[active].encode(), b"certledger/csrf/v1", hashlib.sha256).digest()
        request.app.state.csrf_key = key
    return key


def _signature(key: bytes, subject: str, nonce: str) -> str:
    return hmac.new(key, f"{subject}|{nonce}".encode(), hashlib.sha256).hexdigest()


def is_valid(key: bytes, subject: str, token: str) -> bool:
    """Whether ``token`` was signed by us for ``subject``."""
    nonce, _, signature = token.partition(".")
    return bool(nonce) and hmac.compare_digest(signature, _signature(key, subject, nonce))


def token_for(request: Request, subject: str) -> str:
    """The CSRF token to put in this response's forms; a new cookie is set when needed."""
    key = _key(request)
    current = request.cookies.get(CSRF_COOKIE, "")
    if current and is_valid(key, subject, current):
        return current
    fresh: str | None = getattr(request.state, "new_csrf_token", None)
    if fresh is None or not is_valid(key, subject, fresh):
        nonce = secrets.token_urlsafe(18)
        fresh = f"{nonce}.{_signature(key, subject, nonce)}"
        request.state.new_csrf_token = fresh  # the pages middleware sets the cookie
    return fresh


async def check_csrf(request: Request, subject: str) -> None:
    """Refuse an unsafe request whose form token is missing, differs or is not ``subject``'s."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not isinstance(sent, str) or not sent or not cookie:
        raise CsrfTokenError("the form was sent without its CSRF token: reload the page")
    if not hmac.compare_digest(sent, cookie) or not is_valid(_key(request), subject, sent):
        raise CsrfTokenError("the form's CSRF token is not valid: reload the page")


async def csrf_protect(request: Request) -> None:
    """Dependency for public forms (no sign-in): the token bound to ``anonymous``."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        await check_csrf(request, ANONYMOUS)
