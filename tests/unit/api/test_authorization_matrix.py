"""The authorisation matrix, generated from the declared table: every route, every role.

A route must be public (``PUBLIC_ROUTES``) or guarded by ``authorize(action)`` with a row in
``ACTIONS``; a new route without a rule fails here. Each guarded route answers 401 without a
token, 403 ``permission_denied`` to every role outside its row, and lets every role in its row
past the guard (whatever the handler then says about the dummy request).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import ACTIONS, Authorize, is_public
from api.pages import RequireStaff
from api.settings import Settings
from domain.actors import ROLES
from tests.e2e.api_client import bearer


def _actions(dependant: Dependant) -> set[str]:
    # Pages are guarded by require_staff (cookies, same table): test_page_authorization_matrix.
    guards = (Authorize, RequireStaff)
    found = {d.call.action for d in dependant.dependencies if isinstance(d.call, guards)}
    for sub in dependant.dependencies:
        found |= _actions(sub)
    return found


def _routes() -> list[tuple[str, str, set[str]]]:
    # Building the app opens nothing: the store opens in the lifespan, not here.
    app = create_app(Settings(database_url="memory://"))
    # Included routers are flattened by FastAPI into effective routes, with their router-level
    # dependencies merged into each route's dependant.
    return [
        (context.route.path, method, _actions(context.route.dependant))
        for context in iter_route_contexts(app.routes)
        if isinstance(context.route, APIRoute)
        for method in sorted(context.route.methods or ())
    ]


ROUTES = _routes()
PROTECTED = [
    (path, method, min(actions))
    for path, method, actions in ROUTES
    if actions and not path.startswith("/pages")
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(database_url="memory://", home=tmp_path_factory.mktemp("matrix"))
    with TestClient(create_app(settings)) as c:
        yield c


def _call(client: TestClient, path: str, method: str, headers: dict[str, str]) -> Any:
    concrete = path
    while "{" in concrete:
        start, end = concrete.index("{"), concrete.index("}")
        concrete = concrete[:start] + str(uuid4()) + concrete[end + 1 :]
    body: dict[str, Any] | None = {} if method in ("POST", "PUT", "PATCH") else None
    return client.request(method, concrete, headers=headers, json=body)


def test_the_matrix_covers_some_protected_routes_of_each_context() -> None:
    prefixes = {path.split("/")[1] for path, _, _ in PROTECTED}
    assert {"accounts", "auth", "statistics", "admin"} <= prefixes


@pytest.mark.parametrize(("path", "method", "actions"), ROUTES, ids=lambda v: str(v))
def test_every_route_is_public_or_guarded_by_a_declared_action(
    path: str, method: str, actions: set[str]
) -> None:
    if is_public(path):
        assert not actions, f"{method} {path} is public yet guarded by {actions}"
        return
    assert len(actions) == 1, f"{method} {path} needs exactly one authorize(...), has {actions}"
    assert actions <= set(ACTIONS), f"{method} {path}: no row in ACTIONS for {actions}"


@pytest.mark.parametrize(("path", "method", "action"), PROTECTED, ids=lambda v: str(v))
def test_each_role_is_allowed_or_denied_as_the_table_says(
    client: TestClient, path: str, method: str, action: str
) -> None:
    anonymous = _call(client, path, method, {})
    assert anonymous.status_code == 401, anonymous.text
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    for role in ROLES:
        response = _call(client, path, method, bearer(client, role))
        denied = response.status_code == 403 and response.json()["code"] == "permission_denied"
        if role in ACTIONS[action]:
            assert response.status_code != 401, (role, response.text)
            assert not denied, (role, response.text)
        else:
            assert denied, (role, response.status_code, response.text)


def test_an_app_with_an_unruled_route_fails_the_coverage_check() -> None:
    app = FastAPI()

    @app.get("/secret-things")
    def read_secret_things() -> None: ...

    route = next(c.route for c in iter_route_contexts(app.routes) if isinstance(c.route, APIRoute))
    assert not is_public(route.path)
    assert not _actions(route.dependant)
