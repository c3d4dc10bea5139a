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


def install_pages(app: FastAPI) -> None:
    """Add the sign-in pages and what every page needs to ``app``."""
    from api.pages import sign_in  # the router module imports this package's helpers

    app.include_router(sign_in.router)

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
        return response
