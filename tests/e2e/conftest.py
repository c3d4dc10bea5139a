"""HTTP journeys on PostgreSQL, through TestClient with the app's lifespan (runners started)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings


@pytest.fixture
def client(postgres_settings: Settings) -> Iterator[TestClient]:
    settings = postgres_settings.model_copy(update={"projection_poll_interval": 0.05})
    with TestClient(create_app(settings)) as c:
        yield c
