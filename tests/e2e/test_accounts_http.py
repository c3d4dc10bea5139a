"""Accounts over HTTP on PostgreSQL: register, sign in, read oneself, erasure by an officer."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.api_client import bearer, get_json


def test_a_learner_registers_signs_in_and_is_erased_on_request(client: TestClient) -> None:
    learner = {
        "username": "marie.c",
        "password": "radium and polonium",
        "first_name": "Marie",
        "last_name": "Curie",
        "birthdate": "2003-11-07",
    }
    created = client.post("/accounts/learners", json=learner)
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    token = client.post(
        "/auth/token",
        json={"grant_type": "password", "username": "Marie.C", "password": learner["password"]},
    ).json()
    me = get_json(
        client, "/accounts/me", headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    assert (me["id"], me["last_name"]) == (user_id, "Curie")
    officer = bearer(client, "SUPER_ADMIN")
    assert client.delete(f"/accounts/{user_id}/personal-data", headers=officer).status_code == 204
    export = get_json(client, f"/accounts/{user_id}/personal-data", headers=officer)
    assert export["account"]["last_name"] == "[erased]"
    refresh = client.post("/auth/refresh", json={"refresh_token": token["refresh_token"]})
    assert refresh.status_code == 401
