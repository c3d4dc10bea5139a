"""Small client functions for e2e journeys; each asserts the status code it expects."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def get_json(client: TestClient, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, response.text
    return response.json()
