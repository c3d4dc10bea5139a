"""The attestation PDF: content in French, identical bytes, a QR code that opens the certificate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.contracts.certificates_story import Seat, publish, record_session, validated_v2
from tests.e2e.api_client import bearer
from tests.qr_reader import pdf_text, qr_texts
from tests.unit.api.credentials.conftest import PUBLISHED_AT, catch_up, ledger_of
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


def flat(text: str) -> str:
    """The text with every run of whitespace (line wraps included) as one space."""
    return " ".join(text.split())


def seated(
    client: TestClient, seats: list[Seat], published_at: datetime = PUBLISHED_AT
) -> dict[str, str]:
    """Publish one session with ``seats``; the first seat's sign-in headers."""
    session_id = record_session(
        ledger_of(client), seats, taken_at=published_at - timedelta(days=10)
    )
    publish(ledger_of(client), session_id, [s.course for s in seats], published_at)
    catch_up(client)
    return bearer(client, "LEARNER", user_id=seats[0].user_id)


def attestation(client: TestClient, seat: Seat, headers: dict[str, str], query: str = "") -> bytes:
    response = client.get(f"/certifications/{seat.course}/attestation{query}", headers=headers)
    assert response.status_code == 200, response.text
    content: bytes = response.content
    return content


def test_the_english_attestation_has_english_labels_and_the_same_qr_link(
    client: TestClient,
) -> None:
    seat, headers = certified(client)
    french = attestation(client, seat, headers)
    english = attestation(client, seat, headers, "?lang=en")
    text = flat(pdf_text(english))
    assert "Digital skills certificate" in text
    assert "Born on 14/03/2005 in Lyon (FRANCE)" in text
    assert "Certification taken on 22 November 2026 · Centre Pix Lyon" in text
    assert "Delivered on 2 December 2026, valid until 2 December 2029 (3 years)" in text
    assert "pix out of 895" in text
    assert "Global level: Independent 3" in text
    assert "Verification code: P-BCDFGH23" in text
    assert "Délivrée" not in text
    assert "Niveau global" not in text
    competences = flat(pdf_text(english, page=1))
    assert "Certified competences" in competences
    assert "(levels out of 8; a dash: competence not certified)" in competences
    assert "1.1 Searching and monitoring information" in competences
    assert qr_texts(english) == qr_texts(french)  # one attestation link, whatever the language
    assert attestation(client, seat, headers, "?lang=en") == english  # identical bytes
    assert english != french
    refused = client.get(f"/certifications/{seat.course}/attestation?lang=de", headers=headers)
    assert refused.status_code == 422


def test_a_v2_attestation_shows_the_maximum_of_its_day_and_the_eight_levels_to_come(
    client: TestClient,
) -> None:
    seat = Seat("Émilie", "Dupré", version=2, v2_cap=5, result=validated_v2(352, cap=5))
    headers = seated(client, [seat])
    pdf = attestation(client, seat, headers)
    text = flat(pdf_text(pdf))
    assert "Émilie DUPRÉ" in text
    assert "352 * pix" in text
    # The cap its start recorded (5), not the configured one (7): 5 x 8 pix x 16 competences.
    assert (
        "* À la date d'obtention de cette certification, le nombre maximum de pix atteignable "
        "était de 640, correspondant au niveau 5." in text
    )
    assert (
        "Lorsque les 8 niveaux du référentiel Pix seront disponibles, ce nombre maximum sera "
        "de 1024 pix." in text
    )
    assert "professionnalisant" not in text  # not asked from the French domain
    assert "pix sur 895" not in text
    assert "Niveau global" not in text
    assert "Code de vérification : P-BCDFGH23" in text
    competences = flat(pdf_text(pdf, page=1))
    assert "(niveaux sur 5 ; un tiret : compétence non certifiée)" in competences
    [url] = qr_texts(pdf)
    catch_up(client)
    opened = client.get("/shared-certifications/links/" + url.rsplit("/", 1)[1]).json()
    assert (opened["certification_version"], opened["max_reachable_score"]) == (2, 640)
    assert opened["max_reachable_level"] == 5


def test_the_french_domain_adds_the_professionalising_message_to_v2_from_2022(
    client: TestClient,
) -> None:
    seat = Seat("Émilie", "Dupré", version=2, v2_cap=8, result=validated_v2(512, cap=8))
    headers = seated(client, [seat])
    query = "?isFrenchDomainExtension=true"
    text = flat(pdf_text(attestation(client, seat, headers, query)))
    assert (
        "Le certificat Pix est reconnu comme professionnalisant par France compétences à "
        "compter d'un score minimal de 120 pix." in text
    )
    assert "correspondant au niveau 8." in text
    assert "Lorsque les 8 niveaux" not in text  # the cap is already 8
    english = flat(pdf_text(attestation(client, seat, headers, query + "&lang=en")))
    assert "recognised as professionalising by France compétences" in english
    assert "the maximum reachable score was 1024 pix, corresponding to level 8." in english
    without = flat(pdf_text(attestation(client, seat, headers, "?isFrenchDomainExtension=false")))
    assert "professionnalisant" not in without


def test_no_professionalising_message_before_2022_nor_on_v3(client: TestClient) -> None:
    old = Seat("Jean", "Morel", version=2, code="P-CDFGHJ24", result=validated_v2())
    headers = seated(client, [old], published_at=datetime(2021, 12, 31, 9, 0, tzinfo=UTC))
    text = flat(pdf_text(attestation(client, old, headers, "?isFrenchDomainExtension=true")))
    assert "Délivrée le 31 décembre 2021" in text
    assert "professionnalisant" not in text
    seat, v3_headers = certified(client)
    v3 = flat(pdf_text(attestation(client, seat, v3_headers, "?isFrenchDomainExtension=true")))
    assert "professionnalisant" not in v3


def test_a_session_bundle_mixes_v2_and_v3_attestations_each_with_its_layout(
    client: TestClient,
) -> None:
    v3 = Seat("Émilie", "Dupré")
    v2 = Seat("Jean", "Morel", version=2, code="P-CDFGHJ24", result=validated_v2(352))
    seated(client, [v3, v2])
    admin = bearer(client, "SUPER_ADMIN")
    response = client.get(f"/sessions/{v3.session_id}/attestations?lang=en", headers=admin)
    assert response.status_code == 200, response.text
    pdf = response.content
    pages = {i: flat(pdf_text(pdf, page=i)) for i in range(4)}
    v3_page, v2_page = (0, 2) if "Émilie DUPRÉ" in pages[0] else (2, 0)
    assert "pix out of 895" in pages[v3_page]
    assert "Global level: Independent 3" in pages[v3_page]
    assert "Émilie DUPRÉ" in pages[v3_page]
    assert "Jean MOREL" in pages[v2_page]
    assert "the maximum reachable score was 640 pix, corresponding to level 5." in pages[v2_page]
    assert "(levels out of 5; a dash" in pages[v2_page + 1]
    assert "(levels out of 8; a dash" in pages[v3_page + 1]
    catch_up(client)
    for page, seat in ((v3_page, v3), (v2_page, v2)):
        [url] = qr_texts(pdf, page=page)
        opened = client.get("/shared-certifications/links/" + url.rsplit("/", 1)[1]).json()
        assert opened["last_name"] == seat.last_name
    again = client.get(f"/sessions/{v3.session_id}/attestations?lang=en", headers=admin)
    assert again.content == pdf
