"""Registration with a taken e-mail, end to end: ``certledger serve`` with SMTP configured.

The reply is the one a new account gets; the server runs the notification worker itself (no
``jury notify --loop`` beside it), which tells the address's owner through a local SMTP
server the test starts on a free loopback port (aiosmtpd), once a day at most (ADR 1561).
One process on SQLite, two workers and their projections process on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Iterator
from email.header import decode_header, make_header
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller

from api.settings import Settings
from tests.crash.test_kill_and_restart import Server
from tests.integration.test_result_notifications import Inbox
from tests.redis_server import free_port

OWNER = {
    "email": "owner@example.org",
    "password": "the owner's password",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "birthdate": "2001-12-10",
}
INTRUDER = {**OWNER, "email": "OWNER@example.org", "password": "the intruder's password"}
DELIVERY_DEADLINE = 60.0


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


def _env(tmp_path: Path, smtp_port: int, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "CERTLEDGER_HOME": str(tmp_path / "var"),
        "CERTLEDGER_TOKEN_KEYS": json.dumps({"notices": secrets.token_urlsafe(48)}),
        "CERTLEDGER_PASSWORD_HASH_LOG2_N": "10",
        "CERTLEDGER_PROJECTION_POLL_INTERVAL": "0.05",
        "CERTLEDGER_SMTP_HOST": "127.0.0.1",
        "CERTLEDGER_SMTP_PORT": str(smtp_port),
        "CERTLEDGER_NOTIFICATION_INTERVAL_SECONDS": "0.2",
        "CERTLEDGER_PUBLIC_URL": "https://certledger.example",
    }
    if database_url is not None:
        env["CERTLEDGER_DATABASE_URL"] = database_url
        env["CERTLEDGER_POSTGRES_POOL_SIZE"] = "2"  # the PostgreSQL server is shared
    return env


def _tells_the_owner_once(env: dict[str, str], workers: int, inbox: Inbox) -> None:
    server = Server(env, workers)
    server.start()
    try:
        with httpx.Client(base_url=server.base, timeout=30) as client:
            first = client.post("/accounts/learners", json=OWNER)
            again = client.post("/accounts/learners", json=INTRUDER)
            assert (first.status_code, again.status_code) == (201, 201), again.text
            assert set(first.json()) == set(again.json())
            deadline = time.monotonic() + DELIVERY_DEADLINE
            while not inbox.messages and time.monotonic() < deadline:
                time.sleep(0.2)
            [notice] = inbox.messages
            assert notice["To"] == "owner@example.org"
            subject = str(make_header(decode_header(notice["Subject"])))
            assert subject == "Tentative de création de compte avec votre adresse"
            payload = notice.get_payload(decode=True)
            assert isinstance(payload, bytes)
            body = payload.decode()
            assert "https://certledger.example/pages/sign-in" in body
            # nothing was created for the intruder: their password opens nothing
            token = {"grant_type": "password", "username": "owner@example.org"}
            refused = client.post(
                "/auth/token", json={**token, "password": "the intruder's password"}
            )
            assert refused.status_code == 401
            # another attempt the same day: the same reply, and the owner is not told again
            assert client.post("/accounts/learners", json=INTRUDER).status_code == 201
            time.sleep(2.0)  # ten passes of the worker
            assert len(inbox.messages) == 1
    finally:
        server.stop()


def test_serve_tells_the_owner_of_a_taken_email_on_sqlite(
    tmp_path: Path, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    _tells_the_owner_once(_env(tmp_path, port, None), 1, inbox)


@pytest.mark.postgres
def test_serve_with_workers_tells_the_owner_of_a_taken_email_on_postgres(
    tmp_path: Path, smtp: tuple[int, Inbox], postgres_settings: Settings
) -> None:
    port, inbox = smtp
    _tells_the_owner_once(_env(tmp_path, port, postgres_settings.database_url), 2, inbox)
