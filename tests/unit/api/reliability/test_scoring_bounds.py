"""Defect 1 of issue 14: the scoring simulators answer 422, never 500 or null, on extreme input."""

from __future__ import annotations

import math
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
        c.headers.update(bearer(c, "METIER"))
        yield c


def _challenges(difficulty: float = 0.5, discriminant: float = 1.5) -> list[dict[str, Any]]:
    return [
        {
            "id": f"c{i}",
            "discriminant": discriminant,
            "difficulty": difficulty + i / 10,
            "competence_id": f"{i % 4}",
            "tube_id": f"t{i}",
            "skill_id": f"s{i}",
        }
        for i in range(40)
    ]


def _numbers(body: Any) -> list[Any]:
    if isinstance(body, dict):
        return [n for v in body.values() for n in _numbers(v)]
    if isinstance(body, list):
        return [n for v in body for n in _numbers(v)]
    return [body]


def test_a_negative_seed_is_refused_with_the_error_contract(client: TestClient) -> None:
    body = {"capacities": [0], "candidates_per_capacity": 1, "seed": -1}
    response = client.post("/admin/scoring/simulate", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_request"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "degrade",
            {
                "challenges": _challenges(difficulty=7e16),
                "answers": [{"challenge_id": "c0", "status": "ok"}],
            },
        ),
        ("simulate", {"capacities": [1e308], "candidates_per_capacity": 1, "seed": 1}),
        ("score", {"capacity": 1e308, "global_intervals": [[-1e308, 1e308]]}),
    ],
)
def test_overflowing_inputs_get_422_or_finite_numbers_never_null(
    client: TestClient, path: str, body: dict[str, Any]
) -> None:
    response = client.post(f"/admin/scoring/{path}", json=body)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.json()["code"] in ("invalid_request", "invalid_scoring_input")
    else:
        numbers = [n for n in _numbers(response.json()) if not isinstance(n, (str, bool))]
        assert None not in numbers
        assert all(math.isfinite(n) for n in numbers)
