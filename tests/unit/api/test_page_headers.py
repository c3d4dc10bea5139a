"""The pages' middleware: security headers and pending cookies under ``/pages``, nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pages.csrf import CSRF_COOKIE
from api.pages.setup import SECURITY_HEADERS
from api.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(database_url="memory://", home=tmp_path_factory.mktemp("headers"))
    with TestClient(create_app(settings), follow_redirects=False) as c:
        yield c


def test_a_page_gets_the_security_headers_and_its_csrf_cookie(client: TestClient) -> None:
    response = client.get("/pages/sign-in")

    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_list(name) == [value]
    cookies = [c for c in response.headers.get_list("set-cookie") if c.startswith(CSRF_COOKIE)]
    assert len(cookies) == 1
    attributes = cookies[0].lower()
    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert "path=/pages" in attributes


def test_a_redirect_to_sign_in_gets_the_security_headers_too(client: TestClient) -> None:
    response = client.get("/pages/jury/")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/pages/sign-in?next=")
    assert (
        response.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    )


def test_the_json_api_passes_straight_through(client: TestClient) -> None:
    response = client.get("/health")

    assert "content-security-policy" not in response.headers
    assert "x-content-type-options" not in response.headers
    assert not response.headers.get_list("set-cookie")
