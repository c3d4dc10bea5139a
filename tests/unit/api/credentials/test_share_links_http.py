"""Share links: the candidate opens a link (128 random bits), it opens the certificate, then is
revoked for good; nobody else can open or revoke links to someone's certificate."""

from __future__ import annotations

import base64

from fastapi.testclient import TestClient

from tests.e2e.api_client import bearer
from tests.unit.api.credentials.conftest import catch_up
from tests.unit.api.credentials.test_credentials_http import certified


def test_a_candidate_shares_then_revokes_a_link(client: TestClient) -> None:
    seat, headers = certified(client)
    created = client.post(f"/certifications/{seat.course}/share-links", headers=headers)
    assert created.status_code == 201, created.text
    link = created.json()
    token = link["token"]
    assert len(base64.urlsafe_b64decode(token + "==")) == 16  # 128 random bits
    assert link["url"] == f"http://127.0.0.1:8000/pages/verify/s/{token}"
    catch_up(client)

    opened = client.get(f"/shared-certifications/links/{token}")
    assert opened.status_code == 200
    assert opened.json()["last_name"] == "Dupré"
    page = client.get(f"/pages/verify/s/{token}")
    assert "Certificate of Émilie Dupré" in page.text
    listed = client.get(f"/certifications/{seat.course}/share-links", headers=headers).json()
    assert [(i["link_id"], i["purpose"], i["revoked_at"]) for i in listed["items"]] == [
        (link["link_id"], "share", None)
    ]
    other = bearer(client, "LEARNER")
    assert (
        client.post(f"/certifications/{seat.course}/share-links", headers=other).status_code == 403
    )
    stolen = client.delete(
        f"/certifications/{seat.course}/share-links/{link['link_id']}", headers=other
    )
    assert stolen.status_code == 403

    revoked = client.delete(
        f"/certifications/{seat.course}/share-links/{link['link_id']}", headers=headers
    )
    assert revoked.status_code == 204
    catch_up(client)
    gone = client.get(f"/shared-certifications/links/{token}")
    assert gone.status_code == 404
    assert gone.json()["code"] == "share_link_not_found"
    again = client.delete(
        f"/certifications/{seat.course}/share-links/{link['link_id']}", headers=headers
    )
    assert again.status_code == 404
    assert client.get("/shared-certifications/links/not-a-token").status_code == 404
