"""Defect 3 of issue 14: no built-in signing key unless CERTLEDGER_ENV=demo says so, loudly."""

from __future__ import annotations

import logging
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import jwt
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.keyring import keyring_from_settings
from api.settings import Settings
from domain.errors import InvalidInputError

PUBLISHED_KEY = "certledger-dev-only-signing-key-never-use-in-production"


def _forged_admin_token() -> str:
    now = datetime.now(UTC)
    claims = {
        "iss": "certledger",
        "sub": str(uuid4()),
        "role": "SUPER_ADMIN",
        "typ": "access",
        "jti": uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
    }
    return jwt.encode(claims, PUBLISHED_KEY, algorithm="HS256", headers={"kid": "dev"})


def test_a_token_signed_with_the_published_key_is_refused_by_default(tmp_path: Path) -> None:
    settings = Settings(database_url=None, home=tmp_path / "home")
    with TestClient(create_app(settings)) as client:
        body = {"name": "Forged centre", "centre_type": "PRO"}
        headers = {"Authorization": f"Bearer {_forged_admin_token()}"}
        response = client.post("/centres", json=body, headers=headers)
    assert response.status_code == 401, response.text


def test_the_embedded_store_gets_a_key_generated_once_into_its_home(tmp_path: Path) -> None:
    settings = Settings(database_url=None, home=tmp_path / "home")
    keys, active = keyring_from_settings(settings)
    again, _ = keyring_from_settings(settings)
    assert keys == again
    assert PUBLISHED_KEY not in keys.values()
    assert len(keys[active]) >= 32
    key_file = tmp_path / "home" / "token-keys.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_memory_store_gets_a_random_key_for_the_process(tmp_path: Path) -> None:
    settings = Settings(database_url="memory://", home=tmp_path)
    first, active = keyring_from_settings(settings)
    second, _ = keyring_from_settings(settings)
    assert first == second  # tokens, CSRF and result links of one process agree
    assert PUBLISHED_KEY not in first.values()
    assert len(first[active]) >= 32
    assert not (tmp_path / "token-keys.json").exists()


def test_postgres_without_keys_refuses_to_start(tmp_path: Path) -> None:
    settings = Settings(database_url="postgresql://u@127.0.0.1/db", home=tmp_path)
    with pytest.raises(InvalidInputError, match="CERTLEDGER_TOKEN_KEYS"):
        keyring_from_settings(settings)


def test_the_demo_key_is_used_only_when_asked_and_then_loudly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url="postgresql://u@127.0.0.1/db", home=tmp_path, env="demo")
    with caplog.at_level(logging.WARNING):
        keys, active = keyring_from_settings(settings)
    assert keys[active] == PUBLISHED_KEY
    assert "DEVELOPMENT SIGNING KEY" in caplog.text
