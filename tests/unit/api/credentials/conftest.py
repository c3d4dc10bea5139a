"""An app on the in-memory store whose certificates view is caught up by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_clock
from api.settings import Settings
from domain.application import CertificationLedger
from tests.factories import T0

PUBLISHED_AT = T0 + timedelta(days=10)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(PUBLISHED_AT + timedelta(days=1))


def make_client(settings: Settings, clock: Clock) -> TestClient:
    app = create_app(settings.model_copy(update={"run_projections_in_app": False}))

    async def fixed_clock() -> Any:
        return clock

    app.dependency_overrides[get_clock] = fixed_clock
    return TestClient(app)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url="memory://",
        home=tmp_path,
        verification_limit_per_address="1000/minute",
        password_hash_log2_n=10,
    )


@pytest.fixture
def client(settings: Settings, clock: Clock) -> Iterator[TestClient]:
    with make_client(settings, clock) as client:
        yield client


def ledger_of(client: TestClient) -> CertificationLedger:
    ledger: CertificationLedger = client.app.state.container.ledger  # type: ignore[attr-defined]
    return ledger


def catch_up(client: TestClient) -> None:
    client.app.state.container.runners["certificates"].catch_up()  # type: ignore[attr-defined]
