"""Sign-in: tokens by password or client credentials, refresh, logout, invigilator entry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from api.auth import Authorized, AuthServices, auth_services, authorize, login
from api.auth.guard import bearer_scheme
from api.auth.tokens import TokenPair
from api.deps import LedgerDep
from api.schemas.auth import (
    InvigilatorTokenCreate,
    LogoutCreate,
    RefreshCreate,
    TokenCreate,
    TokenPublic,
)

router = APIRouter(prefix="/auth", tags=["auth"])

AuthDep = Annotated[AuthServices, Depends(auth_services)]


def _address(request: Request) -> str:
    # Behind a proxy this is the proxy unless uvicorn runs with --proxy-headers (docs/auth.md).
    return request.client.host if request.client else "unknown"


def _public(pair: TokenPair, role: str) -> TokenPublic:
    return TokenPublic(
        access_token=pair.access_token,
        expires_in=pair.expires_in,
        refresh_token=pair.refresh_token,
        role=role,
    )


@router.post("/token", response_model=TokenPublic)
def create_token(
    body: TokenCreate, request: Request, services: AuthDep, ledger: LedgerDep
) -> TokenPublic:
    """Sign in: ``password`` grant (e-mail or username) or ``client_credentials`` grant."""
    if body.grant_type == "password":
        pair, role = login.sign_in_with_password(
            services, ledger, body.username or "", body.password or "", _address(request)
        )
    else:
        assert body.client_id is not None  # the schema requires it for this grant
        pair, role = login.sign_in_client(
            services, ledger, body.client_id, body.client_secret or "", _address(request)
        )
    return _public(pair, role)


@router.post("/refresh", response_model=TokenPublic)
def refresh_token(body: RefreshCreate, services: AuthDep, ledger: LedgerDep) -> TokenPublic:
    """New tokens for a refresh token; the old refresh token stops working."""
    pair, role = login.refresh(services, ledger, body.refresh_token)
    return _public(pair, role)


@router.post("/logout", status_code=204)
def logout(
    _: Annotated[Authorized, Depends(authorize("auth.logout"))],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    services: AuthDep,
    body: LogoutCreate | None = None,
) -> Response:
    """Revoke the access token used, and the refresh token if given."""
    assert credentials is not None  # authorize() has already refused a missing token
    login.sign_out(services, credentials.credentials, body.refresh_token if body else None)
    return Response(status_code=204)


@router.post("/invigilator", response_model=TokenPublic)
def create_invigilator_token(
    body: InvigilatorTokenCreate, request: Request, services: AuthDep
) -> TokenPublic:
    """Enter a session as its invigilator: a token valid for that session only."""
    pair = login.sign_in_invigilator(services, body.session_id, body.password, _address(request))
    return _public(pair, "INVIGILATOR")
