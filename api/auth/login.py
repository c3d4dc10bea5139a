"""Sign-in flows: password and client-credentials grants, refresh, logout, invigilator entry.

Each flow checks the throttle first, so a throttled attempt is refused before any secret is
checked, whether or not the account exists; failures count against the (login, address) pair
and the address, never against the login alone (api/auth/throttle.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID, uuid4

from api.auth.services import AuthServices
from api.auth.tokens import Principal, TokenPair
from domain.accounts import Account, AccountCommands
from domain.errors import InvalidCredentialsError, InvalidTokenError, LedgerError

T = TypeVar("T")


def principal_for(account: Account) -> Principal:
    """What a token for this account carries."""
    return Principal(
        user_id=account.id, role=account.role, centre_ids=frozenset(account.centre_ids)
    )


def sign_in_with_password(
    services: AuthServices, ledger: AccountCommands, login: str, password: str, address: str
) -> tuple[TokenPair, str]:
    """Tokens for the account whose e-mail or username is ``login``; its role too."""
    account = _throttled(services, login, address, lambda: ledger.authenticate(login, password))
    return services.tokens.issue(principal_for(account)), account.role


def sign_in_client(
    services: AuthServices, ledger: AccountCommands, client_id: UUID, secret: str, address: str
) -> tuple[TokenPair, str]:
    """An access token (no refresh token, as OAuth2 advises) for an API client."""
    account = _throttled(
        services,
        f"client:{client_id}",
        address,
        lambda: ledger.authenticate_client(client_id, secret),
    )
    return services.tokens.issue(principal_for(account), refreshable=False), account.role


def sign_in_invigilator(
    services: AuthServices, session_id: UUID, password: str, address: str
) -> TokenPair:
    """An access token scoped to one session, for whoever knows its invigilator password.

    The token's subject is a fresh access id: invigilators need no account (lifecycle §1.2),
    and every action they take is recorded under that id with the INVIGILATOR role.
    """

    def check() -> None:
        if not services.invigilator_gate.check_invigilator_password(session_id, password):
            raise InvalidCredentialsError("wrong session number or invigilator password")

    _throttled(services, f"session:{session_id}", address, check)
    principal = Principal(user_id=uuid4(), role="INVIGILATOR", session_id=session_id)
    return services.tokens.issue(principal, refreshable=False)


def _throttled(services: AuthServices, login: str, address: str, attempt: Callable[[], T]) -> T:
    """Run a credential check under the throttle: refuse early, count failures."""
    services.throttle.check(login, address)
    try:
        result = attempt()
    except InvalidCredentialsError:
        services.throttle.record_failure(login, address)
        raise
    services.throttle.record_success(login, address)
    return result


def refresh(services: AuthServices, ledger: AccountCommands, token: str) -> tuple[TokenPair, str]:
    """New tokens for a valid refresh token, which is revoked (rotation).

    The account is read again, so an erased account or a new centre shows at once.
    """
    principal, claims = services.tokens.verify(token, kind="refresh")
    services.tokens.revoke(claims)
    try:
        account = ledger.get_account(principal.user_id)
    except LedgerError:
        raise InvalidTokenError("token of an unknown account") from None
    if not account.can_sign_in:
        raise InvalidTokenError("token of a closed account")
    return services.tokens.issue(principal_for(account)), account.role


def sign_out(services: AuthServices, access_token: str, refresh_token: str | None) -> None:
    """Revoke the caller's access token and, if given, their refresh token."""
    principal, claims = services.tokens.verify(access_token)
    services.tokens.revoke(claims)
    if refresh_token is not None:
        owner, refresh_claims = services.tokens.verify(refresh_token, kind="refresh")
        if owner.user_id != principal.user_id:
            raise InvalidTokenError("the refresh token belongs to someone else")
        services.tokens.revoke(refresh_claims)
