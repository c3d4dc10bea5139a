"""Browser tests: a live server on a free loopback port (PostgreSQL) and Debian's Chromium.

Playwright for Python drives ``/usr/bin/chromium`` (installed by ``.ci/run`` with apt when
missing; never ``playwright install``). Without Chromium the tests skip with the reason, except
in CI, where they fail. Screenshots land in ``tests/browser/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
import uvicorn

from api import bootstrap
from api.app import create_app
from api.settings import Settings
from domain.actors import Actor
from tests.fakes import FakeProfiles

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
REQUIRED = bool(os.environ.get("CI"))
PASSWORD = "browser-test-password-42"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    """A running app: its base URL and the container the test seeds through."""

    url: str
    app: Any

    @property
    def ledger(self) -> Any:
        return self.app.state.container.ledger

    def staff(self, role: str) -> tuple[str, UUID]:
        """A new staff account of ``role``: its login (password ``PASSWORD``) and id."""
        email = f"{role.lower()}-{uuid4().hex[:8]}@example.org"
        user_id = self.ledger.create_staff(
            role=role,
            email=email,
            password=PASSWORD,
            first_name="Test",
            last_name=role.title(),
            created_at=datetime.now(UTC),
            actor=Actor.system("browser-test"),
        )
        return email, user_id


@pytest.fixture
def live_server(postgres_settings: Settings) -> Iterator[LiveServer]:
    settings = postgres_settings.model_copy(
        update={
            "projection_poll_interval": 0.05,
            "password_hash_log2_n": 10,
            "postgres_connect_timeout": 30,  # the shared server can be slow under load
        }
    )
    # Certifiability is faked (a port given at construction), so tests seat candidates directly.
    container = bootstrap.build(settings, profiles=FakeProfiles().factory)
    app = create_app(settings, container)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        container.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install -y chromium)"
        if REQUIRED:
            pytest.fail(f"{reason}; required in CI")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    try:
        yield opened
    finally:
        context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save the page as ``artifacts/<name>.png`` (kept after the run for people to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
