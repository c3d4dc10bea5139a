from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from api.settings import Settings


def test_no_url_means_embedded_sqlite_under_home() -> None:
    s = Settings(home=Path("/data/cl"))
    assert s.backend == "sqlite"
    assert s.ledger_env()["SQLITE_DBNAME"] == "/data/cl/ledger.sqlite3"
    assert (
        s.store_env("challenge_statistics")["SQLITE_DBNAME"]
        == "/data/cl/ledger.challenge_statistics.sqlite3"
    )


def test_postgres_url_maps_to_the_library_environment() -> None:
    s = Settings(database_url="postgresql://ledger:s%40cret@db.local:6543/certs?schema=prod")
    env = s.ledger_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "db.local",
        "6543",
        "certs",
    )
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_SCHEMA"]) == (
        "ledger",
        "s@cret",
        "prod",
    )
    assert s.safe_database_url == "postgresql://ledger:***@db.local:6543/certs?schema=prod"


def test_memory_url_and_cipher_key() -> None:
    s = Settings(database_url="memory://", cipher_key=SecretStr("a" * 44))
    env = s.ledger_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.popo"
    assert env["CIPHER_TOPIC"] == "eventsourcing.cryptography:AESCipher"
    assert "a" * 44 not in repr(s)


def test_unknown_scheme_and_out_of_range_level_are_refused() -> None:
    with pytest.raises(ValidationError, match="unsupported database URL scheme 'mysql'"):
        Settings(database_url="mysql://x")
    with pytest.raises(ValidationError):
        Settings(max_reachable_level=9)


def test_environment_variables_are_read_with_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CERTLEDGER_DATABASE_URL", "memory://")
    monkeypatch.setenv("CERTLEDGER_MAX_REACHABLE_LEVEL", "6")
    s = Settings()
    assert (s.backend, s.max_reachable_level) == ("memory", 6)


def test_one_public_url_serves_links_and_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """E-mails, QR codes and status lists share one origin; the certificates' former name for
    it is still read, and the current name wins when both are set."""
    monkeypatch.delenv("CERTLEDGER_PUBLIC_URL", raising=False)
    monkeypatch.setenv("CERTLEDGER_PUBLIC_BASE_URL", "https://old.example")
    assert Settings().public_url == "https://old.example"
    monkeypatch.setenv("CERTLEDGER_PUBLIC_URL", "https://certs.example")
    assert Settings().public_url == "https://certs.example"
    assert not hasattr(Settings(), "public_base_url")
