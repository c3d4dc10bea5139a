"""Settings: the only place that reads the environment (``CERTLEDGER_*`` variables)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Backend = Literal["memory", "sqlite", "postgres"]


_LEDGER_RECORDERS = {
    "sqlite": "api.storage.recorders:SQLiteLedgerRecorder",
    "postgres": "api.storage.recorders:PostgresLedgerRecorder",
}


class Settings(BaseSettings):
    """certledger configuration; every field maps to ``CERTLEDGER_<FIELD>``.

    ``database_url``: absent -> embedded SQLite under ``home``; ``sqlite:///path/file.db``;
    ``postgresql://user:password@host:port/dbname?schema=name``; ``memory://`` (tests).
    """

    model_config = SettingsConfigDict(env_prefix="CERTLEDGER_", extra="ignore")

    database_url: str | None = None
    home: Path = Path("var")
    max_reachable_level: int = Field(default=7, ge=1, le=8)
    framework_id: str = "pix"
    framework_version: int = Field(default=1, ge=1)
    bank_file: Path | None = None
    cipher_key: SecretStr | None = None
    postgres_pool_size: int = Field(default=5, ge=1, le=100)
    postgres_connect_timeout: int = Field(default=5, ge=1, le=120)
    projection_poll_interval: float = Field(default=0.2, gt=0, le=60)
    projection_gather_seconds: float = Field(default=0.1, ge=0, le=5)
    projection_niceness: int = Field(default=5, ge=0, le=19)
    """Scheduling priority given up by `certledger projections run` (ADR 1601)."""
    """After a catch-up that applied events, how long a view lets writes gather (ADR 1600)."""
    run_projections_in_app: bool = True
    health_max_projection_lag: int = Field(default=1000, ge=0)
    max_request_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    access_log: bool = False
    inline_commands: bool | None = None
    """Short commands on the event loop (ADR 1501); unset: only in a process that keeps no
    views in threads, off SQLite (``serve --workers N``)."""
    """One log line per request from ``serve`` (uvicorn's access log); off by default (ADR 1501)."""
    # -- accounts and access control (docs/auth.md) -----------------------------------------
    env: str = "production"
    token_keys: SecretStr | None = None
    token_active_kid: str | None = None
    access_token_ttl: int = Field(default=900, ge=30, le=86_400)
    refresh_token_ttl: int = Field(default=14 * 86_400, ge=60, le=90 * 86_400)
    token_revocation_sync_interval: float = Field(default=1.0, ge=0, le=60)
    password_hash_log2_n: int = Field(default=15, ge=10, le=20)
    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=50, ge=1)
    login_throttle_window: int = Field(default=900, ge=1)
    # -- certificates and credentials (docs/certificates.md) ---------------------------------
    # -- shared by sign-in throttling and certificate verification --------------------------
    redis_url: SecretStr | None = None
    """Counts shared by every server process (sign-in throttle, verification limits)."""
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Proxies whose ``X-Forwarded-For`` is believed: a JSON list or comma-separated."""
    verification_limit_per_address: str = "20/minute"
    verification_limit_overall: str = "600/minute"
    credential_keys: SecretStr | None = None
    credential_active_kid: str | None = None
    credential_did_domain: str | None = None
    # -- audit log and checkpoints (docs/audit.md) -------------------------------------------
    audit_origin: str = Field(default="certledger.local/ledger", min_length=1, pattern=r"^[^\s+]+$")
    audit_signing_key: SecretStr | None = None
    audit_checkpoint_every_events: int = Field(default=1000, ge=0)
    audit_checkpoint_every_seconds: float = Field(default=60.0, ge=0)
    audit_verify_interval: float = Field(default=0.0, ge=0)
    # -- pages (docs/pages.md): None means Secure cookies everywhere but in dev -----------
    cookie_secure: bool | None = None
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        validation_alias=AliasChoices(
            "public_url", "CERTLEDGER_PUBLIC_URL", "CERTLEDGER_PUBLIC_BASE_URL"
        ),
    )
    """The server's public origin: links in e-mails, QR codes, status-list URLs. The former
    ``CERTLEDGER_PUBLIC_BASE_URL`` (certificates) is still read when this one is unset."""
    # -- notifications (docs/jury.md, docs/auth.md): unset host means nothing is sent --------
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "certledger <no-reply@certledger.invalid>"
    smtp_starttls: bool = False
    smtp_timeout: float = Field(default=10.0, gt=0, le=120)
    notification_max_attempts: int = Field(default=5, ge=1, le=50)
    notification_retry_seconds: int = Field(default=300, ge=0)
    notification_interval_seconds: float = Field(default=30.0, gt=0)
    """Seconds between the worker's passes over the outbox (``serve`` runs it with SMTP set)."""

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        scheme = urlsplit(value).scheme
        if scheme not in ("memory", "sqlite", "postgresql", "postgres"):
            raise ValueError(
                f"unsupported database URL scheme {scheme!r}: use memory://, "
                "sqlite:///path or postgresql://user@host:port/dbname"
            )
        return value

    @property
    def secure_cookies(self) -> bool:
        """Whether page cookies carry ``Secure`` (HTTPS only): always, except in dev."""
        return (
            self.cookie_secure
            if self.cookie_secure is not None
            else self.env not in ("dev", "demo")
        )

    @property
    def backend(self) -> Backend:
        """Which store the URL selects."""
        if self.database_url is None:
            return "sqlite"
        scheme = urlsplit(self.database_url).scheme
        if scheme == "memory":
            return "memory"
        return "sqlite" if scheme == "sqlite" else "postgres"

    @property
    def sqlite_path(self) -> Path:
        """The ledger's SQLite file (the embedded default lives under ``home``)."""
        if self.database_url is None:
            return self.home / "ledger.sqlite3"
        return Path(unquote(urlsplit(self.database_url).path))

    @property
    def safe_database_url(self) -> str:
        """The database URL with any password masked, fit for messages and logs."""
        if self.database_url is None:
            return f"sqlite:///{self.sqlite_path}"
        parts = urlsplit(self.database_url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return parts._replace(netloc=netloc).geturl()
        return self.database_url

    def ledger_env(self) -> dict[str, str]:
        """The eventsourcing environment for the ledger application."""
        return self.store_env("ledger")

    def store_env(self, name: str) -> dict[str, str]:
        """The eventsourcing environment for the application or view called ``name``.

        SQLite views get a file of their own: the library's SQLite tracking table is not
        prefixed, so two views in one file would share a tracking row.
        """
        env = self._cipher_env()
        if name == "ledger":
            # The library's JSON format parsed with orjson, and its recorders with a plain
            # insert and topic wakes (ADRs 1520, 1521).
            env["TRANSCODER_TOPIC"] = "api.storage.transcoder:LedgerTranscoder"
            if self.backend != "memory":
                env["APPLICATION_RECORDER_TOPIC"] = _LEDGER_RECORDERS[self.backend]
        if self.backend == "memory":
            env["PERSISTENCE_MODULE"] = "eventsourcing.popo"
        elif self.backend == "sqlite":
            path = self.sqlite_path
            if name != "ledger":
                path = path.with_name(f"{path.stem}.{name}{path.suffix}")
            env.update(PERSISTENCE_MODULE="eventsourcing.sqlite", SQLITE_DBNAME=str(path))
            env["SQLITE_LOCK_TIMEOUT"] = "10"
        else:
            env.update(self._postgres_env())
            if name != "ledger":
                # A view is read by a few requests and written by one runner: one connection
                # kept open (the library opens up to 10 more on demand), so that several server
                # processes and the projection process stay well within max_connections.
                env["POSTGRES_POOL_SIZE"] = "1"
        return env

    def _postgres_env(self) -> dict[str, str]:
        assert self.database_url is not None
        parts = urlsplit(self.database_url)
        query = parse_qs(parts.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_POOL_SIZE": str(self.postgres_pool_size),
            "POSTGRES_CONNECT_TIMEOUT": str(self.postgres_connect_timeout),
            "POSTGRES_LOCK_TIMEOUT": "10",
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env

    def _cipher_env(self) -> dict[str, str]:
        if self.cipher_key is None:
            return {}
        return {
            "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
            "CIPHER_KEY": self.cipher_key.get_secret_value(),
        }
