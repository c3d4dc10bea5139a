"""The attestation PDF: content in French, identical bytes, a QR code that opens the certificate."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.api_client import bearer
from tests.qr_reader import pdf_text, qr_texts
from tests.unit.api.credentials.conftest import catch_up
from tests.unit.api.credentials.test_credentials_http import certified

BASE = "http://127.0.0.1:8000"


def test_the_attestation_shows_the_certificate_and_its_qr_code_opens_the_public_page(
    client: TestClient,
) -> None:
    seat, headers = certified(client)
    response = client.get(f"/certifications/{seat.course}/attestation", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="attestation-pix-20261202.pdf"' in response.headers["content-disposition"]
    pdf = response.content
    text = pdf_text(pdf)
    assert "Émilie DUPRÉ" in text
    assert "Né(e) le 14/03/2005 à Lyon (FRANCE)" in text
    assert "Délivrée le 2 décembre 2026, valable jusqu'au 2 décembre 2029" in text
    assert "412" in text
    assert "pix sur 895" in text
    assert "Niveau global : Indépendant 3" in text
    assert "P-BCDFGH23" in text
    competences = pdf_text(pdf, page=1)
    assert "1.1 Mener une recherche et une veille d'information" in competences

    [url] = qr_texts(pdf)
    assert url.startswith(f"{BASE}/pages/verify/s/")
    assert "P-BCDFGH23" not in url
    catch_up(client)  # the attestation's link, recorded at the first download
    page = client.get(url.removeprefix(BASE))
    assert page.status_code == 200
    assert "Certificate of Émilie Dupré" in page.text
    assert page.headers["cache-control"] == "no-store"
    api = client.get("/shared-certifications/links/" + url.rsplit("/", 1)[1])
    assert api.json()["last_name"] == "Dupré"

    again = client.get(f"/certifications/{seat.course}/attestation", headers=headers)
    assert again.content == pdf  # identical bytes for identical inputs


def test_nobody_else_gets_the_attestation_and_a_revoked_one_has_none(client: TestClient) -> None:
    seat, headers = certified(client)
    other = client.get(
        f"/certifications/{seat.course}/attestation", headers=bearer(client, "LEARNER")
    )
    assert other.status_code == 403
    unknown = client.get(
        "/certifications/6f0c8a52-4a86-4c1e-9a53-2f0b3c1d7e10/attestation", headers=headers
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "certificate_not_found"


def test_an_administrator_downloads_a_session_bundle(client: TestClient) -> None:
    seat, _ = certified(client)
    admin = bearer(client, "SUPER_ADMIN")
    response = client.get(f"/sessions/{seat.session_id}/attestations", headers=admin)
    assert response.status_code == 200, response.text
    assert f"session-{seat.session_id}-attestations.pdf" in response.headers["content-disposition"]
    assert "Émilie DUPRÉ" in pdf_text(response.content)
    centre = bearer(client, "CENTER_ADMIN")
    assert (
        client.get(f"/sessions/{seat.session_id}/attestations", headers=centre).status_code == 403
    )
