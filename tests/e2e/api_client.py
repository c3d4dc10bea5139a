"""Small client functions for e2e journeys; each asserts the status code it expects."""

from __future__ import annotations

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
