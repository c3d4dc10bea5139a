"""Sign-in, sign-out and the staff home page (``/pages/``)."""

from __future__ import annotations

import contextlib
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import login
from api.auth.guard import Authorized, auth_services
from api.auth.policy import ACTIONS
from api.deps import LedgerDep
from api.errors import status_for
from api.pages.cookies import clear_session_cookies, set_session_cookies
from api.pages.csrf import csrf_protect
from api.pages.guard import REFRESH_COOKIE, SESSION_COOKIE, require_staff
from api.pages.templating import render
from domain.errors import InvalidCredentialsError, LedgerError, TooManyAttemptsError

router = APIRouter(tags=["pages"], include_in_schema=False)

HOME_LINKS: list[tuple[str, str, str]] = []
"""(label, path, action) of each context's entry page; the home page lists those the signed-in
role may open. A context adds its line when its pages module is imported."""


def safe_next(target: str) -> str:
    """Only a path of our own pages: never another site (``//host``) or the JSON API."""
    if target.startswith("/pages/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/pages/"


@router.get("/pages/sign-in", response_class=HTMLResponse)
def read_sign_in_page(request: Request, next: str = "/pages/") -> HTMLResponse:
    return render(request, "sign_in.html", {"next": safe_next(next), "login": "", "error": None})


@router.post("/pages/sign-in", dependencies=[Depends(csrf_protect)])
def create_page_session(
    request: Request,
    ledger: LedgerDep,
    login_name: Annotated[str, Form(alias="login")] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/pages/",
) -> Response:
    address = request.client.host if request.client else "unknown"
    try:
        pair, _ = login.sign_in_with_password(
            auth_services(request), ledger, login_name, password, address
        )
    except (InvalidCredentialsError, TooManyAttemptsError) as e:
        # The form is shown again with the refusal; the status says what the API would say.
        context = {"next": safe_next(next), "login": login_name, "error": e.detail}
        return render(request, "sign_in.html", context, status_code=status_for(e))
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookies(request, response, pair)
    return response


@router.post("/pages/sign-out")
def delete_page_session(
    request: Request, _: Annotated[Authorized, Depends(require_staff("pages.sign_out"))]
) -> Response:
    access = request.cookies.get(SESSION_COOKIE)
    refresh = request.cookies.get(REFRESH_COOKIE)
    services = auth_services(request)
    for token, kind in ((access, "access"), (refresh, "refresh")):
        if token:
            # An expired or already revoked token needs no revoking.
            with contextlib.suppress(LedgerError):
                services.tokens.revoke(services.tokens.verify(token, kind=kind)[1])
    response = RedirectResponse("/pages/sign-in", status_code=303)
    clear_session_cookies(request, response)
    return response


@router.get("/pages/", response_class=HTMLResponse)
def read_home_page(
    request: Request, user: Annotated[Authorized, Depends(require_staff("pages.home"))]
) -> HTMLResponse:
    links = [(label, path) for label, path, action in HOME_LINKS if user.role in ACTIONS[action]]
    return render(request, "home.html", {"links": links})
