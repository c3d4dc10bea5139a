"""Small client functions for e2e journeys; each asserts the status code it expects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from api.auth import Principal


def get_json(
    client: TestClient, path: str, status: int = 200, headers: dict[str, str] | None = None
) -> Any:
    response = client.get(path, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


def bearer(
    client: TestClient,
    role: str = "SUPER_ADMIN",
    *,
    user_id: UUID | None = None,
    centre_ids: frozenset[UUID] = frozenset(),
    session_id: UUID | None = None,
) -> dict[str, str]:
    """An Authorization header for a token minted directly (no account needed)."""
    principal = Principal(
        user_id=user_id or uuid4(), role=role, centre_ids=centre_ids, session_id=session_id
    )
    tokens = client.app.state.container.auth.tokens  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {tokens.issue(principal).access_token}"}


class FakeClock:
    """Advances 15 seconds at each reading; ``jump`` moves it by days."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=15)
        return self.now

    def jump(self, days: float) -> None:
        self.now += timedelta(days=days)


def call(client: TestClient, method: str, path: str, status: int, **kw: Any) -> Any:
    response = client.request(method, path, **kw)
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def register(client: TestClient) -> tuple[str, dict[str, str]]:
    email = f"learner-{uuid4().hex[:8]}@example.org"
    password = "correct-horse-battery-42"
    body = {
        "email": email,
        "password": password,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "birthdate": "2001-12-10",
    }
    account = call(client, "POST", "/accounts/learners", 201, json=body)
    token = call(
        client,
        "POST",
        "/auth/token",
        200,
        json={"grant_type": "password", "username": email, "password": password},
    )
    return account["id"], {"Authorization": f"Bearer {token['access_token']}"}
