"""Fixtures shared by every tier: settings per backend and a throwaway PostgreSQL database.

PostgreSQL comes from ``CERTLEDGER_TEST_POSTGRES_URL`` (default: the local server, user
postgres). When it cannot be reached the postgres tests skip with the reason printed, except
when ``CI`` or ``CERTLEDGER_REQUIRE_POSTGRES`` is set: then the session fails.
"""

from __future__ import annotations

import json
import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from pydantic import SecretStr

from api.settings import Settings

ADMIN_URL = os.environ.get(
    "CERTLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
TEST_TOKEN_KEYS = SecretStr(json.dumps({"test": secrets.token_urlsafe(48)}))
REQUIRED = bool(os.environ.get("CI") or os.environ.get("CERTLEDGER_REQUIRE_POSTGRES"))


def _with_db(url: str, dbname: str) -> str:
    base, _, query = url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + dbname + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database created for this test session and dropped at its end; yields its URL."""
    name = f"certledger_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as e:
        reason = f"PostgreSQL not reachable at {ADMIN_URL}: {str(e).strip().splitlines()[0]}"
        if REQUIRED:
            pytest.fail(f"{reason} (required because CI or CERTLEDGER_REQUIRE_POSTGRES is set)")
        print(f"\nSKIPPING the PostgreSQL tier: {reason}")
        pytest.skip(reason)
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield _with_db(ADMIN_URL, name)
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """A fresh schema in the session database, so each test starts from empty tables."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return f"{postgres_database}?schema={schema}"


@pytest.fixture
def memory_settings(tmp_path: Path) -> Settings:
    return Settings(database_url="memory://", home=tmp_path)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(database_url=None, home=tmp_path / "home")


@pytest.fixture
def postgres_settings(postgres_url: str, tmp_path: Path) -> Settings:
    # Small pools: every test opens a ledger and its views, and the server has 100 slots.
    # PostgreSQL has no built-in or generated signing key: tests configure one, as operators do.
    return Settings(
        database_url=postgres_url, home=tmp_path, postgres_pool_size=2, token_keys=TEST_TOKEN_KEYS
    )
