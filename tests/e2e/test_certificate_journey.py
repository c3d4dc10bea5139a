"""The certificate's whole journey over HTTP on PostgreSQL (issue 11's "Must show").

Publication -> certificate -> verified by code -> attestation PDF whose QR code opens this
certificate's page -> credential verified by the reference (Node) verifier -> unpublication ->
the code says revoked, the page says revoked, the verifier reads the revoked status.

Publication and unpublication go through the jury's HTTP API.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_clock, get_rng
from api.settings import Settings
from tests.e2e.api_client import FakeClock, bearer, call
from tests.e2e.test_certification_session import certifiable_learner, sit
from tests.node_verifier import node_verify, require_node_verifier
from tests.qr_reader import qr_texts

pytestmark = pytest.mark.postgres
BASE = "http://127.0.0.1:8000"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(postgres_settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    # A checkpoint after every catch-up of the audit log: receipts are covered within a poll.
    update = {"projection_poll_interval": 0.05, "audit_checkpoint_every_events": 1}
    app = create_app(postgres_settings.model_copy(update=update))
    app.dependency_overrides[get_clock] = lambda: clock
    app.dependency_overrides[get_rng] = lambda: np.random.default_rng(7)
    with TestClient(app) as c:
        yield c


def caught_up(client: TestClient) -> None:
    """Wait until the in-app certificates runner has applied everything recorded so far."""
    container = client.app.state.container  # type: ignore[attr-defined]
    runner = container.runners["certificates"]
    head = container.ledger.recorder.max_notification_id() or 0
    deadline = time.monotonic() + 20
    while runner.position() < head:
        assert time.monotonic() < deadline, "the certificates view did not catch up"
        time.sleep(0.05)


def covered_receipt(client: TestClient, code: str) -> dict[str, Any]:
    """The certificate's ledger receipt, once a signed checkpoint covers its result event."""
    deadline = time.monotonic() + 20
    while True:
        shared = call(client, "POST", "/shared-certifications", 200,
                      json={"verification_code": code})  # fmt: skip
        receipt: dict[str, Any] = shared["ledger_receipt"]
        if receipt["outcome"] != "not_yet_covered":
            return receipt
        assert time.monotonic() < deadline, "no checkpoint covered the result event"
        time.sleep(0.1)


def finalised_session(client: TestClient, clock: FakeClock) -> tuple[str, str, dict[str, str]]:
    """A one-candidate session, sat to the end and finalised: (session, course, candidate auth)."""
    admin = bearer(client, "SUPER_ADMIN")
    centre = call(
        client, "POST", "/centres", 201, headers=admin,
        json={"name": "Centre Pix Lyon", "centre_type": "PRO"},
    )  # fmt: skip
    staff = bearer(client, "CENTER_ADMIN", centre_ids=frozenset({UUID(centre["id"])}))
    details = {"address": "Part-Dieu", "room": "B12", "examiner": "M. Martin",
               "date": "2026-11-22", "time": "09:00"}  # fmt: skip
    session = call(
        client, "POST", f"/centres/{centre['id']}/sessions", 201, headers=staff, json=details
    )
    sid = session["id"]
    candidate = {
        "first_name": "Léa", "last_name": "Dupont", "sex": "F", "birthdate": "2005-03-14",
        "birth_country": "FRANCE", "birth_insee_code": "75056", "billing_mode": "FREE",
    }  # fmt: skip
    enrolled = call(
        client, "POST", f"/sessions/{sid}/candidates", 201, headers=staff, json=candidate
    )
    _, auth = certifiable_learner(client, clock, seed=1)
    identity = {"first_name": "LÉA", "last_name": "Dupont", "birthdate": "2005-03-14"}
    call(client, "POST", f"/sessions/{sid}/reconciliation", 204, headers=auth, json=identity)
    password = {"session_id": sid, "password": session["invigilator_password"]}
    token = call(client, "POST", "/auth/invigilator", 200, json=password)["access_token"]
    invigilator = {"Authorization": f"Bearer {token}"}
    call(
        client, "POST", f"/sessions/{sid}/candidates/{enrolled['candidate_id']}/authorization", 204,
        headers=invigilator, json={},
    )  # fmt: skip
    entry = {"access_code": session["access_code"], "locale": "fr-fr"}
    course = call(client, "POST", f"/sessions/{sid}/entry", 200, headers=auth, json=entry)
    assert sit(client, course["course_id"], auth, theta=1.5, answers=40) == 32
    final: dict[str, Any] = {
        "examiner_global_comment": None,
        "has_incident": False,
        "has_joining_issue": False,
        "abort_reasons": {},
    }
    results = call(client, "POST", f"/sessions/{sid}/finalization", 200, headers=staff, json=final)
    assert results["items"][0]["status"] == "validated"
    return sid, course["course_id"], auth


def published(client: TestClient, sid: str) -> None:
    """The jury publishes the session through its API."""
    jury = bearer(client, "JURY")
    published = call(client, "POST", f"/jury/sessions/{sid}/publication", 200, headers=jury)
    assert published["session_id"] == sid
    caught_up(client)


def unpublished(client: TestClient, sid: str) -> None:
    """The jury withdraws the session's results through its API."""
    jury = bearer(client, "JURY")
    body = {"reason": "identity error"}
    call(client, "POST", f"/jury/sessions/{sid}/unpublication", 204, headers=jury, json=body)
    caught_up(client)


def test_publication_to_verification_pdf_credential_and_revocation(
    client: TestClient, clock: FakeClock, tmp_path: Path
) -> None:
    require_node_verifier()
    sid, course, auth = finalised_session(client, clock)
    mine = call(client, "GET", "/certifications", 200, headers=auth)["items"]
    assert [c["status"] for c in mine] == ["waiting_for_results"]

    # publication -> certificate
    published(client, sid)
    [summary] = call(client, "GET", "/certifications", 200, headers=auth)["items"]
    assert (summary["status"], summary["validity_status"]) == ("validated", "valid")
    private = call(client, "GET", f"/certifications/{course}", 200, headers=auth)
    code = private["verification_code"]

    # -> verified by code (no sign-in)
    shared = call(client, "POST", "/shared-certifications", 200,
                  json={"verification_code": code.lower()})  # fmt: skip
    assert (shared["first_name"], shared["last_name"]) == ("Léa", "Dupont")
    assert shared["pix_score"] == private["pix_score"] > 0
    assert shared["validity"]["status"] == "valid"

    # -> its result event is in the ledger: the receipt checks against a signed checkpoint
    receipt = covered_receipt(client, code)
    assert receipt["outcome"] == "ok", receipt
    size = receipt["checkpoint_size"]
    assert receipt["detail"] == f"recorded in the ledger: checked against checkpoint {size}"

    # -> attestation PDF whose QR code opens a page showing this certificate
    pdf = client.get(f"/certifications/{course}/attestation", headers=auth)
    assert pdf.status_code == 200
    [url] = qr_texts(pdf.content)
    assert code not in url
    caught_up(client)
    page = client.get(url.removeprefix(BASE))
    assert page.status_code == 200
    assert "Certificate of Léa Dupont" in page.text
    assert f"{shared['pix_score']} / 895" in page.text

    # -> the credential verified by the reference verifier
    credential = call(client, "GET", f"/certifications/{course}/credential", 200, headers=auth)
    dids = call(client, "GET", "/credentials/issuer", 200)
    entry = credential["credentialStatus"]

    def status_lists() -> dict[str, Any]:
        listed = call(client, "GET", entry["statusListCredential"].removeprefix(BASE), 200)
        return {entry["statusListCredential"]: listed}

    verdict = node_verify(tmp_path, credential, dids, status_lists())
    assert verdict == {"verified": True, "statusVerified": True, "revoked": False, "error": None}
    ours = call(client, "POST", "/credentials/verify", 200,
                json={"credential": credential, "receipt": receipt["bundle"]})  # fmt: skip
    assert (ours["verified"], ours["checks"][3]["outcome"]) == (True, "ok")

    # -> unpublication: the status says revoked, the page says revoked, the verifier reads it
    clock.jump(1)
    unpublished(client, sid)
    revoked = call(client, "POST", "/shared-certifications", 200,
                   json={"verification_code": code})  # fmt: skip
    assert revoked["validity"]["status"] == "revoked"
    assert revoked["validity"]["revocation_reason"] == "unpublished"
    page = client.get(url.removeprefix(BASE))
    assert "Revoked" in page.text
    assert "withdrawn by the jury" in page.text
    ours = call(client, "POST", "/credentials/verify", 200, json={"credential": credential})
    assert ours["failed"] == ["status"]
    assert node_verify(tmp_path, credential, dids, status_lists())["revoked"] is True
