"""The foundation over HTTP on PostgreSQL: health, framework, bank, statistics, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import READ_MODELS, Container
from tests.e2e.api_client import bearer, get_json
from tests.factories import answer_run, untimed_challenges

pytestmark = pytest.mark.postgres


def test_health_reports_the_store_and_projections(client: TestClient) -> None:
    health = get_json(client, "/health")
    assert health["status"] == "ok"
    assert health["backend"] == "postgres"
    assert health["content"] == "pix-v1+sample-v1"
    assert [p["name"] for p in health["projections"]] == list(READ_MODELS)


def test_framework_lists_16_competences_with_the_reachable_level(client: TestClient) -> None:
    framework = get_json(client, "/framework")
    assert framework["key"] == "pix-v1"
    assert framework["max_reachable_level"] == 7
    assert sum(len(a["competences"]) for a in framework["areas"]) == 16
    assert (
        get_json(client, "/framework/competences/4.2")["title_fr"]
        == "Protéger les données personnelles et la vie privée"
    )
    missing = get_json(client, "/framework/competences/6.1", status=404)
    assert missing["code"] == "not_found"


def test_bank_never_exposes_solutions_or_calibrations(client: TestClient) -> None:
    bank = get_json(client, "/bank")
    assert bank["key"] == "sample-v1"
    assert len(bank["coverage"]) == 16
    assert all(c["servable_challenges"] >= 40 and c["tubes"] >= 6 for c in bank["coverage"])
    page = get_json(client, "/bank/challenges?competence=3.4&limit=5")
    assert len(page["items"]) == 5
    assert page["total"] >= 40
    one = get_json(client, f"/bank/challenges/{page['items'][0]['id']}")
    assert not {"solution", "calibration", "discriminant", "difficulty"} & set(one)
    tubes = get_json(client, "/bank/competences/3.4/tubes")
    assert tubes[0]["skills"][0]["tutorials"][0]["kind"] in ("to_succeed", "to_learn_more")
    assert get_json(client, "/bank/challenges/recNOPE", status=404)["code"] == "challenge_not_found"
    invalid = get_json(client, "/bank/challenges?limit=0", status=422)
    assert invalid["code"] == "invalid_request"
    assert invalid["errors"][0]["field"] == "query.limit"
    assert invalid["detail"].startswith("query.limit: ")


def test_statistics_follow_ledger_events_through_the_running_projection(client: TestClient) -> None:
    container: Container = client.app.state.container  # type: ignore[attr-defined]
    ledger = container.ledger
    answer_run(ledger, "rrw")
    answer_run(ledger, "rws")
    container.runners["challenge_statistics"].wait(
        ledger.recorder.max_notification_id() or 0, timeout=10
    )
    auditor = bearer(client, "AUDITOR")
    listing = get_json(client, "/statistics/challenges", headers=auditor)
    assert listing["position"] == ledger.recorder.max_notification_id()
    first = untimed_challenges(ledger)[0].id
    stats = get_json(client, f"/statistics/challenges/{first}", headers=auditor)
    assert (stats["served"], stats["ok"], stats["success_rate"]) == (2, 2, 1.0)
    assert get_json(client, "/health")["projections"][0]["lag"] == 0


def test_openapi_operation_ids_are_the_handler_names(client: TestClient) -> None:
    spec = get_json(client, "/openapi.json")
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "read_health",
        "read_framework",
        "read_competence",
        "read_bank",
        "list_tubes",
        "list_challenges",
        "read_challenge",
        "list_challenge_statistics",
        "read_challenge_statistics",
    } <= operations


def test_every_operation_id_is_unique(client: TestClient) -> None:
    """Clients generate one function per operation id: two operations may never share one."""
    spec = get_json(client, "/openapi.json")
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
