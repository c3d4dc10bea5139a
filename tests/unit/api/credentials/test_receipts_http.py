"""Ledger receipts over HTTP: before and after a checkpoint, a jury result, a tampered hash."""

from __future__ import annotations

import base64
import copy
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.audit.proofs import check_bundle
from jury.case import JuryCase
from tests.contracts.certificates_story import Seat, record_result, record_session, validated
from tests.unit.api.credentials.conftest import PUBLISHED_AT, catch_up
from tests.unit.api.credentials.test_credentials_http import certified


def checkpoint(client: TestClient) -> int:
    """Log every event so far and sign a checkpoint over them; its size."""
    container: Any = client.app.state.container  # type: ignore[attr-defined]
    container.runners["audit_log"].catch_up()
    issued = container.audit.checkpointer.issue()
    assert issued is not None
    return int(issued.size)


def shared(client: TestClient, code: str) -> dict[str, Any]:
    response = client.post("/shared-certifications", json={"verification_code": code})
    assert response.status_code == 200, response.text
    receipt: dict[str, Any] = response.json()["ledger_receipt"]
    return receipt


def verify(client: TestClient, credential: Any, receipt: Any = None) -> dict[str, Any]:
    body = {"credential": credential, "receipt": receipt}
    response = client.post("/credentials/verify", json=body)
    assert response.status_code == 200, response.text
    checks: dict[str, Any] = response.json()
    return checks


def ledger_check(outcome: dict[str, Any]) -> dict[str, Any]:
    [check] = [c for c in outcome["checks"] if c["name"] == "ledger_receipt"]
    return check  # type: ignore[no-any-return]


def test_a_published_certificate_receipt_checks_after_a_checkpoint(client: TestClient) -> None:
    seat, headers = certified(client)
    before = shared(client, seat.code)
    assert before["outcome"] == "not_yet_covered"
    assert before["detail"] == "not yet covered by a signed checkpoint"
    assert before["bundle"] is None

    size = checkpoint(client)
    receipt = shared(client, seat.code)
    assert receipt["outcome"] == "ok"
    assert receipt["detail"] == f"recorded in the ledger: checked against checkpoint {size}"
    assert receipt["checkpoint_size"] == size
    # The bundle stands alone: the log's verifier key is all an employer needs.
    audit: Any = client.app.state.container.audit  # type: ignore[attr-defined]
    checked = check_bundle(receipt["bundle"], audit.verifier_key)
    assert checked.checkpoint.size == size
    assert receipt["bundle"]["entry"]["originator_id"] == str(seat.course)
    assert receipt["bundle"]["entry"]["topic"].endswith("CertificationCourse.Scored")

    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    outcome = verify(client, credential)
    assert outcome["verified"] is True
    assert ledger_check(outcome) == {
        "name": "ledger_receipt",
        "ok": True,
        "outcome": "ok",
        "detail": f"recorded in the ledger: checked against checkpoint {size}",
    }
    kept = verify(client, credential, receipt["bundle"])
    assert ledger_check(kept)["outcome"] == "ok"

    token = client.post(f"/certifications/{seat.course}/share-links", headers=headers).json()
    catch_up(client)
    page = client.get(f"/pages/verify/s/{token['token']}")
    assert f"recorded in the ledger: checked against checkpoint {size}" in page.text


def test_a_receipt_with_one_altered_hash_is_reported_failed(client: TestClient) -> None:
    seat, headers = certified(client)
    checkpoint(client)
    bundle = shared(client, seat.code)["bundle"]
    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    tampered = copy.deepcopy(bundle)
    leaf = bytearray(base64.b64decode(tampered["leaf_hash"]))
    leaf[0] ^= 1
    tampered["leaf_hash"] = base64.b64encode(bytes(leaf)).decode()

    outcome = verify(client, credential, tampered)
    assert outcome["verified"] is False
    assert outcome["failed"] == ["ledger_receipt"]
    check = ledger_check(outcome)
    assert (check["ok"], check["outcome"]) == (False, "failed")
    assert check["detail"].startswith("the receipt does not check")


def test_a_receipt_of_another_event_is_reported_failed(client: TestClient) -> None:
    seat, headers = certified(client)
    checkpoint(client)
    bundle = shared(client, seat.code)["bundle"]
    credential = client.get(f"/certifications/{seat.course}/credential", headers=headers).json()
    # A valid receipt, but of the jury's later result: this certificate's result changed.
    record_result(
        client.app.state.container.ledger,  # type: ignore[attr-defined]
        seat.session_id,  # type: ignore[arg-type]
        seat.course,
        validated(),
        PUBLISHED_AT + timedelta(hours=1),
        decision="corrected",
    )
    catch_up(client)
    outcome = verify(client, credential, bundle)
    check = ledger_check(outcome)
    assert check["outcome"] == "failed"
    assert check["detail"] == "the receipt is for another event than this certificate's result"
    # Ours follows the latest result: the jury's event, covered after the next checkpoint.
    assert shared(client, seat.code)["outcome"] == "not_yet_covered"
    checkpoint(client)
    latest = shared(client, seat.code)
    assert latest["outcome"] == "ok"
    assert latest["bundle"]["entry"]["originator_id"] == str(JuryCase.create_id(seat.course))


def test_a_receipt_is_proved_once_per_checkpoint_and_again_after_the_next(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seat, _ = certified(client)
    size = checkpoint(client)
    audit: Any = client.app.state.container.audit  # type: ignore[attr-defined]
    proved: list[tuple[Any, ...]] = []
    original = audit.receipt_for

    def spy(*args: Any) -> Any:
        proved.append(args)
        return original(*args)

    monkeypatch.setattr(audit, "receipt_for", spy)
    first, second = shared(client, seat.code), shared(client, seat.code)
    assert first == second
    assert first["checkpoint_size"] == size
    assert len(proved) == 1  # the second answer reused the checked receipt

    other = Seat("Jean", "Morel", code="P-CDFGHJ24")
    record_session(client.app.state.container.ledger, [other])  # type: ignore[attr-defined]
    newer = checkpoint(client)
    assert newer > size
    moved = shared(client, seat.code)
    assert moved["outcome"] == "ok"
    assert moved["checkpoint_size"] == newer  # a new checkpoint: proved against it at once
    assert len(proved) == 2
