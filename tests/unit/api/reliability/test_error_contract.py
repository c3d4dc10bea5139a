"""Defect 6 of issue 14: every error answers ``{code, detail}``, and the OpenAPI says so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.e2e.api_client import bearer


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="memory://"))) as c:
        yield c


def _contract(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str)
    assert body["detail"]


def test_unknown_routes_and_wrong_methods_answer_with_a_code(client: TestClient) -> None:
    _contract(client.get("/no/such/route"), 404, "route_not_found")
    _contract(client.delete("/framework"), 405, "method_not_allowed")


NESTED = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("body", [b"\xff\xfe{", NESTED, b"{not json"])
def test_a_bad_json_body_without_a_token_gets_401(client: TestClient, body: bytes) -> None:
    response = client.post("/centres", content=body, headers={"content-type": "application/json"})
    _contract(response, 401, "not_authenticated")


@pytest.mark.parametrize("body", [b"\xff\xfe{", NESTED, b"{not json"])
def test_a_bad_json_body_with_a_token_gets_422_invalid_json(
    client: TestClient, body: bytes
) -> None:
    headers = {**bearer(client, "SUPER_ADMIN"), "content-type": "application/json"}
    _contract(client.post("/centres", content=body, headers=headers), 422, "invalid_json")


def test_every_operation_declares_its_errors_with_the_real_body(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert set(schemas["ErrorPublic"]["required"]) == {"code", "detail"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            secured = bool(operation.get("security"))
            if secured:
                assert {"401", "403"} <= set(responses), (method, path)
            if operation.get("requestBody") or operation.get("parameters"):
                assert "422" in responses, (method, path)
                ref = responses["422"]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorPublic"), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
