"""Erasure reaches certificates: the view keeps identity sealed, so a shredded key reads erased."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.contracts.certificates_story import Seat, publish, record_session
from tests.unit.api.credentials.conftest import PUBLISHED_AT, catch_up, ledger_of


def test_after_the_candidates_key_is_erased_the_certificate_shows_no_identity(
    client: TestClient,
) -> None:
    seat = Seat("Émilie", "Dupré")
    ledger = ledger_of(client)
    session_id = record_session(ledger, [seat])
    publish(ledger, session_id, [seat.course], PUBLISHED_AT)
    catch_up(client)
    body = {"verification_code": seat.code}
    assert client.post("/shared-certifications", json=body).json()["last_name"] == "Dupré"

    assert seat.candidate_id is not None
    assert ledger.personal_data_vault is not None
    assert ledger.personal_data_vault.erase(seat.candidate_id)
    shown = client.post("/shared-certifications", json=body).json()
    identity = (shown["first_name"], shown["last_name"], shown["birthdate"], shown["birthplace"])
    assert identity == ("[erased]",) * 4
    assert shown["pix_score"] == 412  # the result itself is not personal data
