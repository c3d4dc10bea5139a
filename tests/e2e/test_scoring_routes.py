"""The scoring simulators over HTTP: compute-only, so an in-memory store is enough."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.e2e.api_client import bearer

CHALLENGE = {
    "id": "c1",
    "discriminant": 1.86350005965093,
    "difficulty": 0.194712138508747,
    "competence_id": "1.1",
    "tube_id": "t1",
    "skill_id": "s1",
}


@pytest.fixture
def scoring_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="memory://"))) as client:
        client.headers.update(bearer(client, "METIER"))  # the simulators are read-only
        yield client


def post(client: TestClient, path: str, body: dict[str, Any], status: int = 200) -> Any:
    response = client.post(f"/admin/scoring/{path}", json=body)
    assert response.status_code == status, response.text
    return response.json()


def test_estimate_returns_the_v2_vector_history(scoring_client: TestClient) -> None:
    second = {
        **CHALLENGE,
        "id": "c2",
        "discriminant": 2.25422414740233,
        "difficulty": 0.823376599163319,
    }
    body = {
        "challenges": [CHALLENGE, second],
        "answers": [{"challenge_id": "c1", "status": "ok"}, {"challenge_id": "c2", "status": "ok"}],
    }
    history = post(scoring_client, "estimate", body)["history"]
    assert [h["capacity"] for h in history] == pytest.approx(
        [0.859419960298745, 1.8023401228653964], abs=1e-12
    )


def test_next_score_degrade_and_v2_answer(scoring_client: TestClient) -> None:
    bank = [
        {
            **CHALLENGE,
            "id": f"c{i}",
            "competence_id": f"{i % 4}",
            "tube_id": f"t{i}",
            "skill_id": f"s{i}",
        }
        for i in range(40)
    ]
    answers = [{"challenge_id": f"c{i}", "status": "ok"} for i in range(25)]
    following = post(scoring_client, "next", {"challenges": bank, "answers": answers})
    assert 1 <= len(following["candidates"]) <= 5
    degraded = post(scoring_client, "degrade", {"challenges": bank, "answers": answers})
    assert degraded["degraded_capacity"] < degraded["capacity"]
    score = post(
        scoring_client, "score", {"capacity": 8, "global_intervals": [[-8, -2], [-2, 0], [0, 8]]}
    )
    assert (score["pix_score"], score["mesh_index"]) == (255, 2)
    v2 = {
        "competences": [{"competence_id": "1.1", "estimated_level": 3, "pix_score": 24}],
        "challenges": [{"id": f"q{i}", "competence_id": "1.1", "type": "QCU"} for i in range(3)],
        "answers": [{"challenge_id": f"q{i}", "status": "ok"} for i in range(3)],
    }
    assert post(scoring_client, "v2", v2)["pix_score"] == 24


def test_simulate_on_the_shipped_bank_is_reproducible(scoring_client: TestClient) -> None:
    body = {"capacities": [0.0], "candidates_per_capacity": 2, "seed": 3}
    first = post(scoring_client, "simulate", body)
    assert first["rows"][0]["candidates"] == 2
    assert post(scoring_client, "simulate", body) == first


def test_an_unknown_challenge_is_a_422_with_the_domain_code(scoring_client: TestClient) -> None:
    body = {"challenges": [CHALLENGE], "answers": [{"challenge_id": "zz", "status": "ok"}]}
    error = post(scoring_client, "estimate", body, status=422)
    assert error["code"] == "invalid_scoring_input"
    assert "zz" in error["detail"]


def test_oversized_simulations_are_refused(scoring_client: TestClient) -> None:
    post(
        scoring_client,
        "simulate",
        {"capacities": [0.0], "candidates_per_capacity": 500},
        status=422,
    )


def test_the_operation_ids_are_the_handler_names(scoring_client: TestClient) -> None:
    paths = scoring_client.get("/openapi.json").json()["paths"]
    ids = {
        paths[f"/admin/scoring/{p}"]["post"]["operationId"]
        for p in ("estimate", "next", "simulate")
    }
    assert ids == {"create_estimate", "create_next_challenges", "create_simulation"}
