"""Defect 2 of issue 14: oversized CSV fields and request bodies are refused, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from domain.certification.csv_import import LineProblem, parse_candidates_csv
from tests.e2e.api_client import bearer

HEADER = "first_name,last_name,sex,birthdate,birth_country\n"


def test_a_field_beyond_the_csv_module_limit_is_a_line_problem() -> None:
    data = HEADER + "Léa," + "D" * 140_000 + ",F,2005-03-14,FRANCE\n"
    result = parse_candidates_csv(data.encode(), "PRO")
    assert isinstance(result[0], LineProblem)
    assert (result[0].line, result[0].code) == (2, "CSV_NOT_VALID")
    assert "too long" in result[0].message


@pytest.fixture
def client() -> Iterator[TestClient]:
    settings = Settings(database_url="memory://", max_request_bytes=100_000)
    with TestClient(create_app(settings)) as c:
        c.headers.update(bearer(c, "SUPER_ADMIN"))
        yield c


def test_a_body_over_the_configured_limit_gets_413_with_the_error_contract(
    client: TestClient,
) -> None:
    body = b"x" * 100_001
    response = client.post(
        "/accounts/learners", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "request_too_large"
    assert "100000" in response.json()["detail"]


def test_a_streamed_body_without_length_is_cut_at_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b"y" * 10_000

    response = client.post(
        "/accounts/learners", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "request_too_large"


def test_a_body_within_the_limit_is_served(client: TestClient) -> None:
    response = client.post("/accounts/learners", json={"email": "x"})
    assert response.status_code == 422
