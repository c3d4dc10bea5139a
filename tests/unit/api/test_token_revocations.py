"""Revoked access tokens checked from memory: at once here, within the sync interval elsewhere."""

from __future__ import annotations

from uuid import uuid4

import pytest

from api.auth import Principal, TokenService
from api.auth.revocations import RevocationSet
from api.storage.secret_tables import MemorySecretTables
from domain.errors import InvalidTokenError

KEYS = {"k1": "k" * 32}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingTables(MemorySecretTables):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get(self, table: str, key: str) -> bytes | None:
        self.reads += 1
        return super().get(table, key)

    def recent_keys(self, table: str, within_seconds: float) -> list[str]:
        self.reads += 1
        return super().recent_keys(table, within_seconds)


def service(tables: MemorySecretTables, interval: float) -> TokenService:
    return TokenService(
        KEYS,
        "k1",
        access_ttl=900,
        refresh_ttl=3600,
        revocations=tables,
        revocation_sync_interval=interval,
    )


def test_a_revocation_by_another_process_counts_after_the_sync_interval() -> None:
    tables, clock = MemorySecretTables(), FakeClock()
    revoked = RevocationSet(
        tables, "revoked_tokens", window_seconds=900, sync_interval=1.0, clock=clock
    )
    assert "a" not in revoked
    tables.insert("revoked_tokens", "a", b"0")  # another process logs out
    assert "a" not in revoked  # within the interval this process has not looked yet
    clock.now += 1.0
    assert revoked.due()
    assert "a" in revoked


def test_a_revocation_by_this_process_counts_at_once() -> None:
    clock = FakeClock()
    revoked = RevocationSet(
        MemorySecretTables(), "revoked_tokens", window_seconds=900, sync_interval=60, clock=clock
    )
    assert "b" not in revoked
    revoked.add("b")
    assert "b" in revoked


def test_access_tokens_are_checked_without_a_lookup_per_request_and_logout_still_refuses() -> None:
    tables = CountingTables()
    tokens = service(tables, interval=60)
    pair = tokens.issue(Principal(user_id=uuid4(), role="LEARNER"))
    for _ in range(5):
        tokens.verify(pair.access_token)
    assert tables.reads == 1  # the first sync only
    assert not tokens.verify_may_block()
    _, claims = tokens.verify(pair.access_token)
    tokens.revoke(claims)
    with pytest.raises(InvalidTokenError, match="revoked"):
        tokens.verify(pair.access_token)


def test_refresh_tokens_are_always_looked_up_in_the_table() -> None:
    tables = CountingTables()
    tokens, other_process = service(tables, interval=60), service(tables, interval=60)
    pair = tokens.issue(Principal(user_id=uuid4(), role="LEARNER"))
    assert pair.refresh_token is not None
    _, claims = other_process.verify(pair.refresh_token, kind="refresh")
    other_process.revoke(claims)
    with pytest.raises(InvalidTokenError, match="revoked"):
        tokens.verify(pair.refresh_token, kind="refresh")


def test_interval_zero_looks_the_table_up_on_every_request() -> None:
    tables = CountingTables()
    tokens = service(tables, interval=0)
    pair = tokens.issue(Principal(user_id=uuid4(), role="LEARNER"))
    tokens.verify(pair.access_token)
    tokens.verify(pair.access_token)
    assert tables.reads == 4  # per request: the token id, and its account (erasure)
    assert tokens.verify_may_block()


def test_a_remembered_signature_never_vouches_for_a_tampered_token() -> None:
    tokens = service(MemorySecretTables(), interval=60)
    good = tokens.issue(Principal(user_id=uuid4(), role="AUDITOR")).access_token
    tokens.verify(good)
    head, body, signature = good.split(".")
    with pytest.raises(InvalidTokenError):
        tokens.verify(f"{head}.{body}x.{signature}")
    with pytest.raises(InvalidTokenError, match="refresh token is needed"):
        tokens.verify(good, kind="refresh")
