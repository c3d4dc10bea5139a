"""Defect 10 of issue 14: an erased account's tokens stop working at once, in every process."""

from __future__ import annotations

import time
from pathlib import Path
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import Principal, TokenService
from api.settings import Settings
from api.storage.secret_tables import MemorySecretTables
from domain.errors import InvalidTokenError
from tests.e2e.api_client import bearer

LEARNER = {
    "email": "erased@example.org",
    "password": "a long enough password",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "birthdate": "2001-12-10",
}


def test_an_erased_learners_access_token_is_refused_at_once(tmp_path: Path) -> None:
    settings = Settings(database_url="memory://", home=tmp_path, password_hash_log2_n=10)
    with TestClient(create_app(settings)) as client:
        user_id = client.post("/accounts/learners", json=LEARNER).json()["id"]
        body = {
            "grant_type": "password",
            "username": LEARNER["email"],
            "password": "a long enough password",
        }
        token = client.post("/auth/token", json=body).json()["access_token"]
        mine = {"Authorization": f"Bearer {token}"}
        assert client.get("/accounts/me", headers=mine).status_code == 200
        officer = bearer(client, "SUPER_ADMIN")
        erased = client.delete(f"/accounts/{user_id}/personal-data", headers=officer)
        assert erased.status_code == 204, erased.text
        refused = client.get("/accounts/me", headers=mine)
        assert refused.status_code == 401
        assert refused.json()["code"] == "invalid_token"


def test_another_process_refuses_it_within_the_sync_interval() -> None:
    shared = MemorySecretTables()

    def service() -> TokenService:
        return TokenService(
            {"k": "k" * 32},
            "k",
            access_ttl=900,
            refresh_ttl=3600,
            revocations=shared,
            revocation_sync_interval=0.05,
        )

    here, there = service(), service()
    user = uuid4()
    token = here.issue(Principal(user_id=user, role="LEARNER")).access_token
    there.verify(token)
    here.revoke_subject(user)
    with pytest.raises(InvalidTokenError):
        here.verify(token)
    time.sleep(0.1)  # the other process reads the table at its next sync
    with pytest.raises(InvalidTokenError):
        there.verify(token)
