"""Verification by code over HTTP: content, the 3-year boundary, one 404, 422, no-store, logs."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from tests.contracts.certificates_story import Seat, publish, record_session, rejected, unpublish
from tests.unit.api.credentials.conftest import (
    PUBLISHED_AT,
    Clock,
    catch_up,
    ledger_of,
    make_client,
)

CODE, OTHER, HIDDEN = "P-BCDFGH23", "P-XYWVTR98", "P-2346789B"


def certified(client: TestClient) -> tuple[Seat, Seat, Seat]:
    ok = Seat("Émilie", "Dupré", code=CODE)
    ko = Seat("Bob", "Martin", code=OTHER, result=rejected())
    unpublished = Seat("Chloé", "Durand", code=HIDDEN)
    ledger = ledger_of(client)
    session_id = record_session(ledger, [ok, ko])
    record_session(ledger, [unpublished], centre_name="Centre de Nantes")
    publish(ledger, session_id, [ok.course, ko.course], PUBLISHED_AT)
    catch_up(client)
    return ok, ko, unpublished


def verify(client: TestClient, code: str, at: str | None = None) -> object:
    params = {"at": at} if at else None
    return client.post("/shared-certifications", json={"verification_code": code}, params=params)


def test_an_employer_sees_the_certificate_of_a_valid_code_and_nothing_is_cached(
    client: TestClient,
) -> None:
    certified(client)
    response = client.post("/shared-certifications", json={"verification_code": "p-bcdfgh23 "})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert (body["first_name"], body["last_name"]) == ("Émilie", "Dupré")
    assert body["birthdate"] == "2005-03-14"
    assert body["birthplace"] == "Lyon (FRANCE)"
    assert body["centre_name"] == "Centre Pix Lyon"
    assert body["taken_on"] == "2026-11-22"
    assert body["pix_score"] == 412
    assert body["max_reachable_score"] == 895
    assert body["global_level"]["key"] == "LEVEL_INDEPENDENT_3"
    assert body["global_level"]["label_fr"] == "Indépendant 3"
    assert [a["code"] for a in body["competence_tree"]] == ["1", "2", "3", "4", "5"]
    assert body["competence_tree"][0]["competences"][0] == {
        "code": "1.1",
        "title_fr": "Mener une recherche et une veille d'information",
        "title_en": body["competence_tree"][0]["competences"][0]["title_en"],
        "level": 1,
    }
    assert body["framework"] == "pix-v1"
    assert body["algorithm"] == "v3-result@1"
    assert body["validity"]["status"] == "valid"
    assert body["validity"]["valid_until"].startswith("2029-12-02T09:00:00")
    assert "verification_code" not in body
    assert "user_id" not in body


def test_the_three_year_boundary_valid_on_the_last_day_expired_the_day_after(
    client: TestClient,
) -> None:
    certified(client)
    last_instant = (PUBLISHED_AT.replace(year=PUBLISHED_AT.year + 3)).isoformat()
    same_day_earlier = PUBLISHED_AT.replace(year=2029, hour=0).isoformat()
    day_after = (PUBLISHED_AT.replace(year=2029) + timedelta(days=1)).isoformat()
    just_after = (PUBLISHED_AT.replace(year=2029) + timedelta(microseconds=1)).isoformat()
    before = (PUBLISHED_AT - timedelta(seconds=1)).isoformat()
    statuses = {
        at: verify(client, CODE, at).json()["validity"]["status"]  # type: ignore[attr-defined]
        for at in (same_day_earlier, last_instant, just_after, day_after, before)
    }
    assert statuses == {
        same_day_earlier: "valid",
        last_instant: "valid",
        just_after: "expired",
        day_after: "expired",
        before: "not_yet_valid",
    }


def test_unknown_unpublished_and_not_validated_codes_get_one_identical_404(
    client: TestClient,
) -> None:
    certified(client)
    answers = [verify(client, code) for code in ("P-9876432B", HIDDEN, OTHER)]
    assert {r.status_code for r in answers} == {404}  # type: ignore[attr-defined]
    assert len({r.content for r in answers}) == 1  # type: ignore[attr-defined]
    assert answers[0].json()["code"] == "certificate_not_found"  # type: ignore[attr-defined]
    assert answers[0].headers["cache-control"] == "no-store"  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", ["P-1234", "PBCDFGH23X", "P-BCDFGH2A", "P-BCDFGH23 extra", ""])
def test_a_malformed_code_gets_422_naming_the_format(client: TestClient, code: str) -> None:
    response = verify(client, code)
    assert response.status_code == 422  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["code"] == "verification_code_malformed"
    assert "P- followed by 8 characters among 2346789BCDFGHJKMPQRTVWXY" in body["detail"]


def test_after_unpublication_the_code_says_revoked_with_date_and_reason_only(
    client: TestClient, clock: Clock
) -> None:
    ok, _, _ = certified(client)
    clock.now = PUBLISHED_AT + timedelta(days=6)
    unpublish(ledger_of(client), ok.session_id, PUBLISHED_AT + timedelta(days=5))  # type: ignore[arg-type]
    catch_up(client)
    body = verify(client, CODE).json()  # type: ignore[attr-defined]
    assert body["validity"]["status"] == "revoked"
    assert body["validity"]["revocation_reason"] == "unpublished"
    assert body["validity"]["revoked_at"].startswith("2026-12-07")
    assert body["pix_score"] is None
    assert body["competence_tree"] == []
    assert body["birthdate"] is None
    # Asked for an instant before the revocation, it was valid then.
    earlier = (PUBLISHED_AT + timedelta(days=1)).isoformat()
    assert verify(client, CODE, earlier).json()["validity"]["status"] == "valid"  # type: ignore[attr-defined]


def test_the_code_never_reaches_a_log_line(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    certified(client)
    with caplog.at_level(logging.DEBUG):
        verify(client, CODE)
        verify(client, "P-9876432B")
    lines = [r.getMessage() for r in caplog.records]
    assert any("code_digest=" in line for line in lines)
    assert not any(CODE in line or "9876432B" in line for line in lines)


def test_too_many_attempts_from_one_address_get_429_with_retry_after(
    settings: Settings, clock: Clock
) -> None:
    tight = settings.model_copy(update={"verification_limit_per_address": "3/minute"})
    with make_client(tight, clock) as client:
        certified(client)
        codes = [verify(client, CODE).status_code for _ in range(3)]  # type: ignore[attr-defined]
        throttled = verify(client, CODE)
    assert codes == [200, 200, 200]
    assert throttled.status_code == 429  # type: ignore[attr-defined]
    assert throttled.json()["code"] == "verification_throttled"  # type: ignore[attr-defined]
    assert 1 <= int(throttled.headers["retry-after"]) <= 60  # type: ignore[attr-defined]


def test_the_overall_limit_holds_whatever_the_address(settings: Settings, clock: Clock) -> None:
    tight = settings.model_copy(
        update={"verification_limit_overall": "2/minute", "trusted_proxies": ["testclient"]}
    )
    with make_client(tight, clock) as client:
        certified(client)
        answers = [
            client.post(
                "/shared-certifications",
                json={"verification_code": CODE},
                headers={"X-Forwarded-For": f"203.0.113.{i}"},
            ).status_code
            for i in range(3)
        ]
    assert answers == [200, 200, 429]
