"""``install_pages(app)``: the sign-in router, the pages' error handlers and cookie writer."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.pages.cookies import write_pending_cookies
from api.pages.csrf import CsrfTokenError
from api.pages.guard import PageAccessDeniedError, SignInRequired
from api.pages.templating import render

SECURITY_HEADERS = {
    # No script at all, styles inline only, forms to ourselves, never framed (clickjacking).
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # Result links carry a token in their path: never send it on to another site.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class PageHeadersMiddleware:
    """The pending cookies and the security headers on every answer under ``/pages``.

    A plain ASGI middleware: other paths (the JSON API, verification) pass straight through,
    with no per-request task or body copy as ``BaseHTTPMiddleware`` would add.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith("/pages"):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # The handler has run: what it decided is in the request's state (shared scope).
                pending = Response()
                write_pending_cookies(Request(scope), pending)
                headers = MutableHeaders(scope=message)
                for name, value in pending.raw_headers:
                    if name == b"set-cookie":
                        headers.append("set-cookie", value.decode("latin-1"))
                headers.update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_pages(app: FastAPI) -> None:
    """Add the sign-in pages and what every page needs to ``app``."""
    # The router modules import this package's helpers, so they are imported here.
    from api.pages import jury, results, sign_in

    app.include_router(sign_in.router)
    app.include_router(jury.router)
    app.include_router(results.router)

    async def sign_in_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInRequired)
        return RedirectResponse(f"/pages/sign-in?next={quote(exc.next_path)}", status_code=303)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CsrfTokenError | PageAccessDeniedError)
        context = {"code": exc.code, "detail": exc.detail, "title": "Refused"}
        return render(request, "error.html", context, status_code=403)

    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(CsrfTokenError, refused)
    app.add_exception_handler(PageAccessDeniedError, refused)

    app.add_middleware(PageHeadersMiddleware)
