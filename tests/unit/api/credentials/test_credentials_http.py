"""Signed credentials over HTTP: download, verify, tamper, revoke, status list, keys."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.settings import Settings
from domain.credentials import status_list
from tests.contracts.certificates_story import (
    Seat,
    publish,
    record_result,
    record_session,
    validated,
)
from tests.e2e.api_client import bearer
from tests.unit.api.credentials.conftest import (
    PUBLISHED_AT,
    Clock,
    catch_up,
    ledger_of,
    make_client,
)


def certified(
    client: TestClient, published_at: datetime = PUBLISHED_AT
) -> tuple[Seat, dict[str, str]]:
    seat = Seat("Émilie", "Dupré")
    session_id = record_session(
        ledger_of(client), [seat], taken_at=published_at - timedelta(days=10)
    )
    seat.session_id = session_id
    publish(ledger_of(client), session_id, [seat.course], published_at)
    catch_up(client)
    return seat, bearer(client, "LEARNER", user_id=seat.user_id)


def verify(client: TestClient, credential: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/credentials/verify", json={"credential": credential})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_candidate_downloads_an_open_badge_credential_that_verifies(
    client: TestClient,
) -> None:
    seat, headers = certified(client)
    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["validFrom"] == "2026-12-02T09:00:00Z"
    assert credential["validUntil"] == "2029-12-02T09:00:00Z"
    assert credential["issuer"]["id"].startswith("did:key:z6Mk")
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    subject = credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Émilie Dupré"
    assert subject["result"][0]["value"] == "412"
    outcome = verify(client, credential)
    assert outcome == {
        "verified": True,
        "failed": [],
        "checks": outcome["checks"],
    }
    names = [c["name"] for c in outcome["checks"]]
    assert names == ["signature", "dates", "status", "ledger_receipt"]
    # No checkpoint covers the result yet: said so, and not a failure.
    assert outcome["checks"][3]["outcome"] == "not_yet_covered"


def test_a_tampered_credential_fails_the_signature_check(client: TestClient) -> None:
    seat, headers = certified(client)
    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    credential["credentialSubject"]["result"][0]["value"] = "895"
    outcome = verify(client, credential)
    assert outcome["verified"] is False
    # Status and ledger receipt are not checked on a document that is not ours.
    assert outcome["failed"] == ["signature", "status", "ledger_receipt"]
    assert outcome["checks"][0]["detail"] == "the signature does not match the document"


def test_an_expired_credential_fails_the_dates_check(client: TestClient, clock: Clock) -> None:
    seat, headers = certified(client)
    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    clock.now = PUBLISHED_AT.replace(year=2029) + timedelta(days=1)
    outcome = verify(client, credential)
    assert outcome["failed"] == ["dates"]
    assert outcome["checks"][1]["detail"] == "expired on 2029-12-02T09:00:00Z"


def test_a_cancellation_after_publication_flips_the_status_bit(
    client: TestClient, clock: Clock
) -> None:
    seat, headers = certified(client)
    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    entry = credential["credentialStatus"]
    before = client.get(entry["statusListCredential"].removeprefix("http://127.0.0.1:8000"))
    bits = status_list.decode(before.json()["credentialSubject"]["encodedList"])
    assert not status_list.is_set(bits, int(entry["statusListIndex"]))
    listed = verify(client, before.json())
    assert listed["verified"] is True  # the list itself is signed
    assert listed["checks"][3]["outcome"] == "not_applicable"  # it records no result

    cancelled = {**validated(), "status": "cancelled"}
    record_result(ledger_of(client), seat.session_id, seat.course, cancelled, clock.now)  # type: ignore[arg-type]
    catch_up(client)
    after = client.get(entry["statusListCredential"].removeprefix("http://127.0.0.1:8000")).json()
    bits = status_list.decode(after["credentialSubject"]["encodedList"])
    assert status_list.is_set(bits, int(entry["statusListIndex"]))
    outcome = verify(client, credential)
    assert outcome["failed"] == ["status"]
    assert outcome["checks"][2]["detail"] == "revoked"
    # A revoked certificate issues no new credential.
    refused = client.get(f"/certifications/{seat.course}/credential", headers=headers)
    assert refused.status_code == 404


def test_someone_else_cannot_download_the_credential(client: TestClient) -> None:
    seat, _ = certified(client)
    other = bearer(client, "LEARNER")
    response = client.get(f"/certifications/{seat.course}/credential", headers=other)
    assert response.status_code == 403
    assert response.json()["code"] == "out_of_scope"


def _seed(key: Ed25519PrivateKey) -> str:
    return base64.urlsafe_b64encode(key.private_bytes_raw()).decode().rstrip("=")


def test_after_a_key_rotation_credentials_of_the_retired_key_still_verify(
    settings: Settings, clock: Clock
) -> None:
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    configured = settings.model_copy(
        update={
            "credential_keys": SecretStr(json.dumps({"2026": _seed(old)})),
            "credential_did_domain": "certs.example.org",
        }
    )
    with make_client(configured, clock) as client:
        seat, headers = certified(client)
        old_credential = client.get(
            f"/certifications/{seat.course}/credential", headers=headers
        ).json()
        assert old_credential["issuer"]["id"] == "did:web:certs.example.org"
    rotated = configured.model_copy(
        update={
            "credential_keys": SecretStr(json.dumps({"2026": _seed(old), "2027": _seed(new)})),
            "credential_active_kid": "2027",
        }
    )
    with make_client(rotated, clock) as client:
        certified(client)
        document = client.get("/.well-known/did.json").json()
        assert len(document["verificationMethod"]) == 2
        assert old_credential["proof"]["verificationMethod"] in document["assertionMethod"]
        assert verify(client, old_credential)["checks"][0]["ok"] is True
    retired = configured.model_copy(
        update={
            "credential_keys": SecretStr(json.dumps({"2027": _seed(new)})),
            "credential_active_kid": "2027",
        }
    )
    with make_client(retired, clock) as client:
        outcome = verify(client, old_credential)
        assert outcome["checks"][0]["detail"] == (
            "the verification method is not one of the issuer's keys"
        )
