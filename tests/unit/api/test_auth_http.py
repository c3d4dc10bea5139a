"""Sign-in, tokens and accounts over HTTP on the in-memory store: the journeys and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.auth import Principal, TokenService
from api.settings import Settings
from api.storage.secret_tables import MemorySecretTables
from tests.e2e.api_client import bearer

SIGNING_KEY = "a test key of at least thirty-two bytes"
LEARNER = {
    "email": "ada.lovelace@example.org",
    "password": "analytical engine",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "birthdate": "2001-12-10",
}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url="memory://",
        home=tmp_path,
        password_hash_log2_n=10,
        login_max_failures_per_account=3,
        login_max_failures_per_address=8,
        token_keys=SecretStr(json.dumps({"k1": SIGNING_KEY})),
    )
    with TestClient(create_app(settings)) as c:
        yield c


def sign_in(client: TestClient, login: str, password: str, status: int = 200) -> Any:
    response = client.post(
        "/auth/token", json={"grant_type": "password", "username": login, "password": password}
    )
    assert response.status_code == status, response.text
    return response.json()


def register(client: TestClient, **changes: Any) -> str:
    response = client.post("/accounts/learners", json={**LEARNER, **changes})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def auth(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_a_learner_registers_signs_in_reads_themselves_refreshes_and_logs_out(
    client: TestClient,
) -> None:
    user_id = register(client)
    tokens = sign_in(client, "Ada.Lovelace@example.org", "analytical engine")
    me = client.get("/accounts/me", headers=auth(tokens)).json()
    assert (me["id"], me["role"], me["first_name"]) == (user_id, "LEARNER", "Ada")
    renewed = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert renewed.status_code == 200
    reused = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert (reused.status_code, reused.json()["code"]) == (401, "invalid_token")
    new = renewed.json()
    out = client.post(
        "/auth/logout", headers=auth(new), json={"refresh_token": new["refresh_token"]}
    )
    assert out.status_code == 204
    assert client.get("/accounts/me", headers=auth(new)).status_code == 401
    again = client.post("/auth/refresh", json={"refresh_token": new["refresh_token"]})
    assert again.status_code == 401


def test_wrong_password_and_unknown_account_get_the_same_answer(client: TestClient) -> None:
    register(client)
    wrong = sign_in(client, LEARNER["email"], "not the password", status=401)
    unknown = sign_in(client, "nobody@example.org", "analytical engine", status=401)
    assert wrong == unknown == {"code": "invalid_credentials", "detail": "wrong login or password"}


def test_repeated_failures_are_throttled_per_account_even_for_the_right_password(
    client: TestClient,
) -> None:
    register(client)
    for _ in range(3):
        sign_in(client, LEARNER["email"], "not the password", status=401)
    throttled = client.post(
        "/auth/token",
        json={
            "grant_type": "password",
            "username": LEARNER["email"],
            "password": "analytical engine",
        },
    )
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "too_many_attempts"
    assert int(throttled.headers["retry-after"]) > 0


def test_unknown_accounts_are_throttled_alike_and_the_address_has_its_own_limit(
    client: TestClient,
) -> None:
    for i in range(3):
        sign_in(client, "ghost@example.org", f"guess {i}", status=401)
    sign_in(client, "ghost@example.org", "guess", status=429)
    for i in range(6):  # five more failures from this address make 8: then it is throttled
        sign_in(client, f"ghost{i}@example.org", "guess", status=401 if i < 5 else 429)


def test_tampered_expired_revoked_and_foreign_tokens_are_refused(client: TestClient) -> None:
    good = bearer(client, "AUDITOR")["Authorization"].removeprefix("Bearer ")
    head, body, signature = good.split(".")
    forged_body = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(body).replace(b"AUDITOR", b"SUPPORT")
    ).decode()
    tampered = f"{head}.{forged_body}.{signature}"
    past = TokenService(
        {"k1": SIGNING_KEY},
        "k1",
        access_ttl=60,
        refresh_ttl=60,
        revocations=MemorySecretTables(),
        clock=lambda: datetime.now(UTC) - timedelta(hours=1),
    )
    expired = past.issue(Principal(user_id=uuid4(), role="AUDITOR")).access_token
    foreign = jwt.encode(
        {"sub": str(uuid4()), "role": "SUPER_ADMIN"}, "x" * 32, headers={"kid": "k1"}
    )
    for token, reason in ((tampered, "invalid"), (expired, "expired"), (foreign, "invalid")):
        response = client.get(
            "/statistics/challenges", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_token"
        assert reason in response.json()["detail"]
    assert (
        client.get(
            "/statistics/challenges", headers={"Authorization": f"Bearer {good}"}
        ).status_code
        == 200
    )


def test_malformed_email_and_birthdate_are_field_errors(client: TestClient) -> None:
    response = client.post(
        "/accounts/learners", json={**LEARNER, "email": "ada-at-example", "birthdate": "2001-13-40"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request"
    assert {e["field"] for e in body["errors"]} == {"body.email", "body.birthdate"}
    future = client.post("/accounts/learners", json={**LEARNER, "birthdate": "2999-01-01"})
    assert future.json()["errors"][0]["field"] == "body.birthdate"


def test_a_learner_reads_only_their_own_personal_data_and_an_officer_erases_it(
    client: TestClient,
) -> None:
    ada = register(client)
    other = register(client, email="grace.hopper@example.org", first_name="Grace")
    tokens = sign_in(client, LEARNER["email"], "analytical engine")
    own = client.get(f"/accounts/{ada}/personal-data", headers=auth(tokens)).json()
    assert own["account"]["first_name"] == "Ada"
    assert [h["event"] for h in own["history"]] == ["Account.Registered"]
    foreign = client.get(f"/accounts/{other}/personal-data", headers=auth(tokens))
    assert (foreign.status_code, foreign.json()["code"]) == (403, "out_of_scope")
    support = bearer(client, "SUPPORT")
    assert client.delete(f"/accounts/{ada}/personal-data", headers=support).status_code == 204
    erased = client.get(f"/accounts/{ada}/personal-data", headers=support).json()
    assert erased["account"]["first_name"] == "[erased]"
    assert erased["history"][-1]["actor_role"] == "SUPPORT"
    sign_in(client, LEARNER["email"], "analytical engine", status=401)


def test_administrators_create_staff_centre_admins_their_centre_only_and_api_clients_sign_in(
    client: TestClient,
) -> None:
    admin = bearer(client, "SUPER_ADMIN")
    staff = {
        "email": "jury@pix.fr",
        "password": "jury password",
        "first_name": "J",
        "last_name": "R",
    }
    created = client.post("/accounts/staff", headers=admin, json={**staff, "role": "JURY"})
    assert created.status_code == 201
    assert sign_in(client, "jury@pix.fr", "jury password")["role"] == "JURY"
    centre, elsewhere = uuid4(), uuid4()
    centre_admin = bearer(client, "CENTER_ADMIN", centre_ids=frozenset({centre}))
    member = {**staff, "email": "m@centre.fr", "role": "CENTER_MEMBER"}
    ok = client.post(
        "/accounts/centre-members", headers=centre_admin, json={**member, "centre_id": str(centre)}
    )
    assert ok.status_code == 201
    assert sign_in(client, "m@centre.fr", "jury password")["role"] == "CENTER_MEMBER"
    refused = client.post(
        "/accounts/centre-members",
        headers=centre_admin,
        json={**member, "email": "n@centre.fr", "centre_id": str(elsewhere)},
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "out_of_scope")
    api_client = client.post("/accounts/api-clients", headers=admin, json={"label": "LSU"}).json()
    grant = {"grant_type": "client_credentials", **api_client}
    token = client.post("/auth/token", json=grant).json()
    assert (token["role"], token["refresh_token"]) == ("API_CLIENT", None)


def test_invigilator_sign_in_is_refused_until_sessions_provide_a_gate(client: TestClient) -> None:
    response = client.post(
        "/auth/invigilator", json={"session_id": str(uuid4()), "password": "bcd234"}
    )
    assert (response.status_code, response.json()["code"]) == (401, "invalid_credentials")
