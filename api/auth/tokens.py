"""Signed bearer tokens (JWT, HS256): short-lived access, rotating refresh, revocation by id.

Claims: ``sub`` (user id), ``role``, ``cid`` (centre ids), ``sid`` (invigilated session),
``typ`` (access or refresh), ``jti``, ``iat``, ``exp``, ``iss``. The header's ``kid`` names
the signing key, so keys rotate by adding a new one, making it active, and removing the old
one once its tokens have expired.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import jwt

from api.auth.keyring import keyring_from_settings as keyring_from_settings  # moved there
from api.auth.revocations import RevocationSet
from api.storage.secret_tables import SecretTables
from domain.errors import InvalidTokenError

ISSUER = "certledger"
_ALGORITHM = "HS256"
_REVOKED = "revoked_tokens"
_CLOSED_ACCOUNT = "account:"
"""Prefix of the ``revoked_tokens`` rows that void every token of one account (erasure): they
travel with the revoked token ids, so other processes learn of them at the same sync."""
_REQUIRED = ("exp", "iat", "iss", "sub", "jti", "typ", "role")
_VERIFIED_CACHE_SIZE = 10_000


@dataclass(frozen=True)
class Principal:
    """Who a token speaks for."""

    user_id: UUID
    role: str
    centre_ids: frozenset[UUID] = frozenset()
    session_id: UUID | None = None


@dataclass(frozen=True)
class TokenPair:
    """What a sign-in returns; ``refresh_token`` is None for API clients and invigilators."""

    access_token: str
    expires_in: int
    refresh_token: str | None


class TokenService:
    """Issues and verifies tokens; revoked token ids live in the ``revoked_tokens`` table.

    With ``revocation_sync_interval`` > 0, access tokens are checked against an in-memory copy
    of the recent revocations (``RevocationSet``) instead of one table lookup per request;
    refresh tokens are always looked up. Tokens whose signature checked out are remembered
    (by their exact text, so a tampered token is checked anew); expiry, kind and revocation
    are checked on every call.
    """

    def __init__(
        self,
        keys: dict[str, str],
        active_kid: str,
        *,
        access_ttl: int,
        refresh_ttl: int,
        revocations: SecretTables,
        clock: Callable[[], datetime] | None = None,
        revocation_sync_interval: float = 0.0,
    ) -> None:
        self._keys = dict(keys)
        self._active = active_kid
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self._revocations = revocations
        self._clock = clock or (lambda: datetime.now(UTC))
        self._revoked_access: RevocationSet | None = (
            RevocationSet(
                revocations,
                _REVOKED,
                window_seconds=access_ttl,
                sync_interval=revocation_sync_interval,
            )
            if revocation_sync_interval > 0
            else None
        )
        self._verified: OrderedDict[str, tuple[Principal, dict[str, Any]]] = OrderedDict()
        self._verified_lock = threading.Lock()

    def verify_may_block(self) -> bool:
        """Whether verifying an access token now would read the database."""
        return self._revoked_access is None or self._revoked_access.due()

    def issue(self, principal: Principal, *, refreshable: bool = True) -> TokenPair:
        """A new access token, and a refresh token when ``refreshable``."""
        access = self._encode(principal, "access", self.access_ttl)
        refresh = self._encode(principal, "refresh", self.refresh_ttl) if refreshable else None
        return TokenPair(access_token=access, expires_in=self.access_ttl, refresh_token=refresh)

    def verify(self, token: str, *, kind: str = "access") -> tuple[Principal, dict[str, object]]:
        """The principal and claims of a valid, unrevoked token of ``kind``.

        Tampered, expired, revoked, unknown-key and wrong-kind tokens raise ``InvalidTokenError``.
        """
        principal, claims = self._signed_claims(token)
        if claims["exp"] <= self._clock().timestamp():
            raise InvalidTokenError("token expired")
        if claims["typ"] != kind:
            raise InvalidTokenError(f"a {claims['typ']} token where a {kind} token is needed")
        if self._is_revoked(str(claims["jti"]), kind):
            raise InvalidTokenError("token revoked")
        if self._is_closed(str(principal.user_id)):
            raise InvalidTokenError("token of a closed account")
        return principal, dict(claims)

    def revoke_subject(self, user_id: UUID) -> None:
        """Refuse every token issued so far for ``user_id`` (their account was erased)."""
        self._revocations.insert(_REVOKED, _CLOSED_ACCOUNT + str(user_id), b"")
        if self._revoked_access is not None:
            self._revoked_access.add(_CLOSED_ACCOUNT + str(user_id))

    def _is_closed(self, user_id: str) -> bool:
        return self._is_revoked(_CLOSED_ACCOUNT + user_id, "access")

    def revoke(self, claims: dict[str, object]) -> None:
        """Refuse this token from now on (until it would have expired anyway)."""
        self._revocations.insert(_REVOKED, str(claims["jti"]), str(claims["exp"]).encode())
        if self._revoked_access is not None:
            self._revoked_access.add(str(claims["jti"]))

    def _is_revoked(self, token_id: str, kind: str) -> bool:
        if kind == "access" and self._revoked_access is not None:
            return token_id in self._revoked_access
        return self._revocations.get(_REVOKED, token_id) is not None

    def _signed_claims(self, token: str) -> tuple[Principal, dict[str, Any]]:
        """The principal and claims of a token whose signature and issuer check out."""
        with self._verified_lock:
            found = self._verified.get(token)
            if found is not None:
                self._verified.move_to_end(token)
                return found
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._keys.get(kid) if isinstance(kid, str) else None
            if key is None:
                raise InvalidTokenError("token signed with an unknown key")
            # Expiry is checked below against our clock (PyJWT would read the wall clock).
            claims = jwt.decode(
                token,
                key,
                algorithms=[_ALGORITHM],
                issuer=ISSUER,
                options={"require": list(_REQUIRED), "verify_exp": False},
            )
        except jwt.PyJWTError as e:
            raise InvalidTokenError(f"invalid token: {e}") from None
        found = (_principal(claims), claims)
        with self._verified_lock:
            self._verified[token] = found
            if len(self._verified) > _VERIFIED_CACHE_SIZE:
                self._verified.popitem(last=False)
        return found

    def _encode(self, principal: Principal, kind: str, ttl: int) -> str:
        now = self._clock()
        claims: dict[str, object] = {
            "iss": ISSUER,
            "sub": str(principal.user_id),
            "role": principal.role,
            "typ": kind,
            # uuid4 is not secret here: the signature, not the id, makes the token unforgeable.
            "jti": f"{uuid4().hex}{secrets.token_hex(4)}",
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(seconds=ttl)).timestamp()),
        }
        if principal.centre_ids:
            claims["cid"] = sorted(str(c) for c in principal.centre_ids)
        if principal.session_id is not None:
            claims["sid"] = str(principal.session_id)
        return jwt.encode(
            claims, self._keys[self._active], algorithm=_ALGORITHM, headers={"kid": self._active}
        )


def _principal(claims: dict[str, object]) -> Principal:
    try:
        centre_ids = claims.get("cid", [])
        session = claims.get("sid")
        assert isinstance(centre_ids, list)
        return Principal(
            user_id=UUID(str(claims["sub"])),
            role=str(claims["role"]),
            centre_ids=frozenset(UUID(str(c)) for c in centre_ids),
            session_id=UUID(str(session)) if session is not None else None,
        )
    except (ValueError, AssertionError):
        raise InvalidTokenError("invalid token: malformed claims") from None
