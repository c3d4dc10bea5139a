"""The results CSV of a session for its centre (§6.8): exact headers, labels and placeholders."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.contracts.certificates_story import (
    COMPETENCES,
    Seat,
    publish,
    record_session,
    rejected,
    validated,
)
from tests.e2e.api_client import bearer
from tests.unit.api.credentials.conftest import PUBLISHED_AT, catch_up, ledger_of

EXPECTED_HEADERS = [
    "Numéro de certification",
    "Prénom",
    "Nom",
    "Date de naissance",
    "Lieu de naissance",
    "Identifiant Externe",
    "Statut",
    "Nombre de Pix",
    *COMPETENCES,
    "Commentaire jury pour l\u2019organisation",
    "Session",
    "Centre de certification",
    "Date de passage de la certification",
]


def test_the_centre_downloads_the_results_of_its_published_session(client: TestClient) -> None:
    ok = Seat("Émilie", "Dupré")
    ko = Seat("Bob", "Martin", code="P-XYWVTR98", result=rejected())
    off = Seat("Chloé", "Durand", code="P-2346789B", result={**validated(), "status": "cancelled"})
    ledger = ledger_of(client)
    session_id = record_session(ledger, [ok, ko, off])
    catch_up(client)
    centre_id = client.app.state.container.view("certificates").session(session_id).centre_id  # type: ignore[attr-defined]
    member = bearer(client, "CENTER_MEMBER", centre_ids=frozenset({centre_id}))
    early = client.get(f"/sessions/{session_id}/results.csv", headers=member)
    assert early.status_code == 409
    assert early.json()["code"] == "results_not_published"

    publish(ledger, session_id, [ok.course, ko.course, off.course], PUBLISHED_AT)
    catch_up(client)
    response = client.get(f"/sessions/{session_id}/results.csv", headers=member)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert lines[0] == EXPECTED_HEADERS
    by_name = {line[2]: dict(zip(EXPECTED_HEADERS, line, strict=True)) for line in lines[1:]}
    assert by_name["Dupré"]["Statut"] == "Validée"
    assert by_name["Dupré"]["Nombre de Pix"] == "412"
    assert by_name["Dupré"]["1.1"] == "1"
    assert by_name["Dupré"]["Date de naissance"] == "14/03/2005"
    assert by_name["Dupré"]["Lieu de naissance"] == "Lyon (FRANCE)"
    assert by_name["Dupré"]["Identifiant Externe"] == "EXT-Dupré"
    assert by_name["Dupré"]["Centre de certification"] == "Centre Pix Lyon"
    assert by_name["Dupré"]["Date de passage de la certification"] == "22/11/2026"
    assert by_name["Dupré"]["Session"] == str(session_id)
    assert by_name["Dupré"]["Numéro de certification"] == str(ok.course)
    assert (by_name["Martin"]["Statut"], by_name["Martin"]["Nombre de Pix"]) == ("Rejetée", "0")
    assert by_name["Martin"]["1.1"] == "-"
    assert (by_name["Durand"]["Statut"], by_name["Durand"]["Nombre de Pix"]) == ("Annulée", "-")

    stranger = bearer(client, "CENTER_MEMBER")
    assert client.get(f"/sessions/{session_id}/results.csv", headers=stranger).status_code == 403
    learner = bearer(client, "LEARNER", user_id=ok.user_id)
    assert client.get(f"/sessions/{session_id}/results.csv", headers=learner).status_code == 403
