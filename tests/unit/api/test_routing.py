"""Dispatch on the first path segment (ADR 1501) answers as the whole router does."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import TEST_TOKEN_KEYS

ID = "00000000-0000-4000-8000-000000000000"


def _settings(home: Path) -> Settings:
    return Settings(database_url="memory://", home=home, env="demo", token_keys=TEST_TOKEN_KEYS)


@pytest.fixture
def clients(tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The app as built, and the same app matching every route in order (no index)."""
    indexed = create_app(_settings(tmp_path / "a"))
    whole = create_app(_settings(tmp_path / "b"))
    whole.router.middleware_stack = whole.router.app
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with TestClient(indexed) as a, TestClient(whole) as b:
            yield a, b


def _requests(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for path, operations in app.openapi()["paths"].items():
        concrete = re.sub(r"\{[^}:]+:path\}", "a/b", path)
        concrete = re.sub(r"\{[^}]+\}", ID, concrete)
        for method in operations:
            found.append((method.upper(), concrete))
            found.append(("PATCH" if method != "patch" else "PUT", concrete))  # 405s
            found.append((method.upper(), concrete + "/"))  # slash redirects or 404s
    odd = ["/", "/nope", "/pages", "/pages/", "/pages/verify", "/courses", "/courses/", "//x"]
    return found + [("GET", p) for p in odd]


def test_every_route_answers_as_without_the_index(clients: tuple[TestClient, TestClient]) -> None:
    indexed, whole = clients
    requests = _requests(indexed.app)  # type: ignore[arg-type]
    assert len(requests) > 200
    for method, path in requests:
        a = indexed.request(method, path, follow_redirects=False)
        b = whole.request(method, path, follow_redirects=False)
        assert (a.status_code, a.headers.get("location")) == (
            b.status_code,
            b.headers.get("location"),
        ), (method, path)
        if a.headers.get("content-type") == "application/json" and isinstance(a.json(), dict):
            assert a.json().get("code") == b.json().get("code"), (method, path)


def test_a_route_added_after_start_is_found(clients: tuple[TestClient, TestClient]) -> None:
    indexed, _ = clients
    app: FastAPI = indexed.app  # type: ignore[assignment]
    assert indexed.get("/late-route").status_code == 404

    @app.get("/late-route")
    async def late() -> dict[str, str]:
        return {"late": "yes"}

    assert indexed.get("/late-route").json() == {"late": "yes"}
