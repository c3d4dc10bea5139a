"""The pages' authorisation matrix, from the same table as the API (``policy.ACTIONS``).

Every page route is public or guarded by ``require_staff(action)``; anonymous visitors are sent
to the sign-in page, every role outside the action's row gets 403, every role inside gets past
the guard; an unsafe request also needs its CSRF token.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import ACTIONS, Principal, is_public
from api.pages import RequireStaff
from api.pages.csrf import CSRF_COOKIE, _key, _signature
from api.settings import Settings
from domain.actors import ROLES


def _page_routes() -> list[tuple[str, str, str | None]]:
    app = create_app(Settings(database_url="memory://"))
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.route
        if not isinstance(route, APIRoute) or not route.path.startswith("/pages"):
            continue
        guards = [
            d.call.action for d in route.dependant.dependencies if isinstance(d.call, RequireStaff)
        ]
        for method in sorted(route.methods or ()):
            found.append((route.path, method, guards[0] if guards else None))
    return found


PAGES = _page_routes()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(database_url="memory://", home=tmp_path_factory.mktemp("pages"))
    with TestClient(create_app(settings), follow_redirects=False) as c:
        yield c


def _concrete(path: str) -> str:
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + str(uuid4()) + path[end + 1 :]
    return path


def _signed_in(client: TestClient, role: str) -> tuple[dict[str, str], str]:
    """Cookies of a signed-in ``role`` (a token minted directly) and a valid CSRF token."""
    user_id = uuid4()
    tokens = client.app.state.container.auth.tokens  # type: ignore[attr-defined]
    access = tokens.issue(Principal(user_id=user_id, role=role)).access_token
    csrf = _csrf_for(client, user_id)
    return {"certledger_session": access, CSRF_COOKIE: csrf}, csrf


def _csrf_for(client: TestClient, user_id: UUID) -> str:
    request: Any = type("R", (), {"app": client.app})()
    return f"n0nce.{_signature(_key(request), str(user_id), 'n0nce')}"


def _call(
    client: TestClient, path: str, method: str, cookies: dict[str, str], csrf: str | None
) -> Any:
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies.set(name, value, path="/pages")
    data = {"csrf_token": csrf} if csrf is not None and method == "POST" else None
    return client.request(method, _concrete(path), data=data)


def test_the_pages_have_guarded_routes() -> None:
    assert any(action for _, _, action in PAGES)


@pytest.mark.parametrize(("path", "method", "action"), PAGES, ids=lambda v: str(v))
def test_every_page_is_public_or_guarded_by_a_declared_action(
    path: str, method: str, action: str | None
) -> None:
    if is_public(path):
        assert action is None
    else:
        assert action in ACTIONS, f"{method} {path} needs require_staff(<a row of ACTIONS>)"


GUARDED = [(p, m, a) for p, m, a in PAGES if a is not None]


@pytest.mark.parametrize(("path", "method", "action"), GUARDED, ids=lambda v: str(v))
def test_each_role_is_allowed_or_denied_a_page_as_the_table_says(
    client: TestClient, path: str, method: str, action: str
) -> None:
    anonymous = _call(client, path, method, {}, None)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/pages/sign-in?next=")
    for role in ROLES:
        cookies, csrf = _signed_in(client, role)
        response = _call(client, path, method, cookies, csrf)
        if role in ACTIONS[action]:
            sent_to_sign_in = response.headers.get("location", "").startswith("/pages/sign-in?")
            assert response.status_code != 403, (role, response.text)
            assert not sent_to_sign_in, role
        else:
            assert response.status_code == 403, (role, response.status_code)
            assert "permission_denied" in response.text


@pytest.mark.parametrize(
    ("path", "method", "action"), [g for g in GUARDED if g[1] == "POST"], ids=lambda v: str(v)
)
def test_each_guarded_form_refuses_a_missing_or_foreign_csrf_token(
    client: TestClient, path: str, method: str, action: str
) -> None:
    role = min(ACTIONS[action])
    cookies, _ = _signed_in(client, role)
    missing = _call(client, path, method, cookies, None)
    assert missing.status_code == 403
    assert "csrf_token_invalid" in missing.text
    foreign = _csrf_for(client, uuid4())  # a token signed for someone else
    stolen = _call(client, path, method, {**cookies, CSRF_COOKIE: foreign}, foreign)
    assert stolen.status_code == 403
    assert "csrf_token_invalid" in stolen.text
