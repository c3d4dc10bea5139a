"""``install_pages(app)``: the sign-in router, the pages' error handlers and cookie writer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse

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

    @app.middleware("http")
    async def page_cookies(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.url.path.startswith("/pages"):
            write_pending_cookies(request, response)
            response.headers.update(SECURITY_HEADERS)
        return response
