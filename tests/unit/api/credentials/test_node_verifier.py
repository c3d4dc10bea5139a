"""Interoperability: Digital Bazaar's verifier (Node) accepts our credential, rejects any
one-character change, and reports the revoked status after a cancellation."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.contracts.certificates_story import record_result, validated
from tests.node_verifier import node_verify, require_node_verifier
from tests.unit.api.credentials.conftest import Clock, catch_up, ledger_of
from tests.unit.api.credentials.test_credentials_http import certified

BASE = "http://127.0.0.1:8000"


def published(client: TestClient, credential: dict[str, Any]) -> dict[str, Any]:
    url = credential["credentialStatus"]["statusListCredential"]
    status_list: dict[str, Any] = client.get(url.removeprefix(BASE)).json()
    return {url: status_list}


def recently_certified(client: TestClient, clock: Clock) -> tuple[Any, dict[str, str]]:
    """Node checks the status list's dates against the real clock: live in the present."""
    clock.now = datetime.now(UTC)
    return certified(client, clock.now - timedelta(days=10))


def test_the_reference_verifier_accepts_ours_and_rejects_any_one_character_change(
    client: TestClient, clock: Clock, tmp_path: Path
) -> None:
    require_node_verifier()
    seat, headers = recently_certified(client, clock)
    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    dids = client.get("/credentials/issuer").json()
    lists = published(client, credential)

    verdict = node_verify(tmp_path, credential, dids, lists)
    assert verdict == {"verified": True, "statusVerified": True, "revoked": False, "error": None}

    # One character changed anywhere in the credential, proof included: each is rejected.
    text = json.dumps(credential, ensure_ascii=False)
    rng = random.Random(11)
    changed = 0
    for position in rng.sample(range(len(text)), len(text)):
        if not text[position].isalnum():
            continue
        replacement = "7" if text[position] != "7" else "8"
        try:
            tampered = json.loads(text[:position] + replacement + text[position + 1 :])
        except json.JSONDecodeError:
            continue
        verdict = node_verify(tmp_path, tampered, dids, lists)
        assert verdict["verified"] is False, (position, text[position - 20 : position + 20])
        changed += 1
        if changed == 8:
            break
    assert changed == 8


def test_the_reference_verifier_reports_revoked_after_a_cancellation(
    client: TestClient, clock: Clock, tmp_path: Path
) -> None:
    require_node_verifier()
    seat, headers = recently_certified(client, clock)
    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    dids = client.get("/credentials/issuer").json()
    cancelled = {**validated(), "status": "cancelled"}
    assert seat.session_id is not None
    record_result(ledger_of(client), seat.session_id, seat.course, cancelled, clock.now)
    catch_up(client)
    verdict = node_verify(tmp_path, credential, dids, published(client, credential))
    # The proof still holds (verified), the status says revoked: read the status result.
    assert verdict["revoked"] is True
