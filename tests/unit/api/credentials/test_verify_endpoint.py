"""The plain ASGI verification answers byte for byte as the FastAPI route it stands in front of.

Two apps over one store: ``fast`` as served, ``route`` without the ASGI handler (every request
reaches the route, which is how verification answered before). Each request goes to both, in
the same order, and status, headers and body bytes must be equal.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api import bootstrap
from api.app import create_app
from api.credentials.verify_endpoint import VerificationEndpoint
from api.deps import get_clock
from api.settings import Settings
from tests.contracts.certificates_story import Seat, publish, record_session, rejected, unpublish
from tests.unit.api.credentials.conftest import PUBLISHED_AT, Clock

CODE, REJECTED, HIDDEN, REVOKED = "P-BCDFGH23", "P-XYWVTR98", "P-2346789B", "P-CDFGHJ34"
PATH = "/shared-certifications"


@dataclass
class Pair:
    fast: TestClient
    route: TestClient
    container: bootstrap.Container

    def both(self, **request: Any) -> tuple[httpx.Response, httpx.Response]:
        """The same request to both apps; their answers, checked equal byte for byte."""
        fast = self.fast.request("POST", PATH, **request)
        route = self.route.request("POST", PATH, **request)
        assert fast.status_code == route.status_code, (fast.text, route.text)
        assert fast.content == route.content
        assert dict(fast.headers) == dict(route.headers)
        return fast, route


def _app(settings: Settings, container: bootstrap.Container, clock: Clock, fast: bool) -> Any:
    app = create_app(settings, container)

    async def fixed_clock() -> Any:
        return clock

    app.dependency_overrides[get_clock] = fixed_clock
    if not fast:
        app.user_middleware = [
            m for m in app.user_middleware if getattr(m, "cls", None) is not VerificationEndpoint
        ]
    return app


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    settings = Settings(
        database_url="memory://",
        home=tmp_path,
        verification_limit_per_address="12/minute",
        password_hash_log2_n=10,
        max_request_bytes=1024,
        run_projections_in_app=False,
    )
    container = bootstrap.build(settings)
    clock = Clock(PUBLISHED_AT + timedelta(days=1))
    fast_app = _app(settings, container, clock, fast=True)
    route_app = _app(settings, container, clock, fast=False)
    try:
        with TestClient(fast_app) as fast, TestClient(route_app) as route:
            ledger = container.ledger
            seats = [
                Seat("Émilie", "Dupré", code=CODE),
                Seat("Bob", "Martin", code=REJECTED, result=rejected()),
            ]
            publish(ledger, record_session(ledger, seats), [s.course for s in seats], PUBLISHED_AT)
            revoked = Seat("Zoé", "Roux", code=REVOKED)
            publish(ledger, record_session(ledger, [revoked]), [revoked.course], PUBLISHED_AT)
            record_session(ledger, [Seat("Léa", "Petit", code=HIDDEN)], centre_name="Nantes")
            container.runners["certificates"].catch_up()
            yield Pair(fast, route, container)
    finally:
        container.close()


def code(value: Any) -> dict[str, Any]:
    return {"json": {"verification_code": value}}


def test_the_handler_stands_in_front_of_the_route_and_the_route_is_still_documented(
    pair: Pair,
) -> None:
    assert pair.fast.app.user_middleware[-1].cls is VerificationEndpoint  # type: ignore[attr-defined]
    spec = pair.fast.get("/openapi.json").json()
    operation = spec["paths"][PATH]["post"]
    assert operation["operationId"] == "read_shared_certification"
    assert set(operation["responses"]) == {"200", "404", "409", "413", "422", "429", "503"}
    assert spec == pair.route.get("/openapi.json").json()


def test_valid_expired_not_yet_valid_and_revoked_answers_are_the_routes(pair: Pair) -> None:
    fast, _ = pair.both(**code(CODE))
    assert fast.status_code == 200
    assert fast.json()["validity"]["status"] == "valid"
    # The handler answered one, from its kept answers; the route keeps nothing.
    assert len(_services(pair.fast).answers._kept) == 1
    assert len(_services(pair.route).answers._kept) == 0
    assert fast.headers["cache-control"] == "no-store"
    pair.both(**code(" p-bcdfgh23 "))  # trimmed, any case
    for at, status in (
        ("2031-01-01T00:00:00Z", "expired"),
        ("2026-01-01T00:00:00+02:00", "not_yet_valid"),
        ("2029-12-02T09:00:00Z", "valid"),  # the last instant
        ("1924000000", "expired"),  # seconds since the epoch, as FastAPI reads them
    ):
        answer, _ = pair.both(params={"at": at}, **code(CODE))
        assert answer.json()["validity"]["status"] == status, at
    unpublish(pair.container.ledger, _session_of(pair, REVOKED), PUBLISHED_AT + timedelta(hours=5))
    pair.container.runners["certificates"].catch_up()
    revoked, _ = pair.both(**code(REVOKED))
    assert revoked.json()["validity"]["status"] == "revoked"
    assert revoked.json()["pix_score"] is None  # what a revoked certificate hides
    earlier, _ = pair.both(params={"at": "2026-12-02T10:00:00Z"}, **code(REVOKED))
    assert earlier.json()["validity"]["status"] == "valid"  # before its revocation


def _services(client: TestClient) -> Any:
    return client.app.state.certificate_services  # type: ignore[attr-defined]


def _session_of(pair: Pair, verification_code: str) -> Any:
    from domain.credentials.codes import code_digest

    row = pair.container.view("certificates").by_code_digest(code_digest(verification_code))
    return row.session_id


def test_unknown_rejected_unpublished_and_malformed_codes_get_the_routes_errors(
    pair: Pair,
) -> None:
    for unknown in ("P-QQQQQQQQ", REJECTED, HIDDEN):
        answer, _ = pair.both(**code(unknown))
        assert answer.status_code == 404
        assert answer.json()["code"] == "certificate_not_found"
    for malformed in ("P-123", "", "X" * 64):
        answer, _ = pair.both(**code(malformed))
        assert answer.status_code == 422
        assert answer.json()["code"] == "verification_code_malformed"


def test_requests_the_handler_passes_on_get_the_routes_own_answers(pair: Pair) -> None:
    json_header = {"content-type": "application/json"}
    for request in (
        code("X" * 65),  # over the model's max_length
        code(42),
        code(None),
        {"json": {"code": CODE}},
        {"json": [CODE]},
        {"content": b'{"verification_code": "P-BCDFGH23"', "headers": json_header},
        {"content": b"\xff\xfe", "headers": json_header},
        {"content": b"[" * 400 + b"]" * 400, "headers": json_header},
        {"content": b"", "headers": json_header},
        {
            "content": b'{"verification_code": "P-BCDFGH23"}',
            "headers": {"content-type": "text/plain"},
        },
        {"content": b'{"verification_code": "P-BCDFGH23"}'},  # no content type at all
        {"params": {"at": "yesterday"}, **code(CODE)},
        {"params": {"at": ""}, **code(CODE)},
        {"params": [("at", "2027-01-01T00:00:00Z"), ("at", "2031-01-01T00:00:00Z")], **code(CODE)},
        {"params": {"when": "2031-01-01T00:00:00Z"}, **code(CODE)},
    ):
        fast, _ = pair.both(**request)
        assert fast.headers["cache-control"] == "no-store"


def test_a_body_over_the_limit_gets_413_from_both(pair: Pair) -> None:
    answer, _ = pair.both(**code("P-BCDFGH23" + " " * 2000))
    assert answer.status_code == 413
    assert answer.json()["code"] == "request_too_large"


def test_both_throttle_alike_with_retry_after_and_log_only_a_salted_digest(
    pair: Pair, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="certledger.verification")
    for _ in range(12):
        pair.both(**code(CODE))
    fast = pair.fast.post(PATH, **code(CODE))
    route = pair.route.post(PATH, **code(CODE))
    assert fast.status_code == route.status_code == 429
    assert fast.content == route.content
    assert fast.json()["code"] == "verification_throttled"
    assert abs(int(fast.headers["retry-after"]) - int(route.headers["retry-after"])) <= 1
    assert fast.headers["cache-control"] == "no-store"
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 26
    assert all("code_digest=" in line for line in lines)
    assert not any(CODE in line for line in lines)
    outcomes = [line.rsplit("outcome=", 1)[1] for line in lines]
    assert outcomes == ["valid"] * 24 + ["verification_throttled"] * 2


def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled(tmp_path: Path) -> None:
    settings = Settings(
        database_url="memory://",
        home=tmp_path,
        verification_limit_per_address="2/minute",
        trusted_proxies=["testclient"],
        password_hash_log2_n=10,
        run_projections_in_app=False,
    )
    with TestClient(create_app(settings)) as client:
        for _ in range(2):
            one = client.post(PATH, headers={"x-forwarded-for": "198.51.100.1"}, **code(CODE))
            assert one.status_code == 404
        refused = client.post(PATH, headers={"x-forwarded-for": "198.51.100.1"}, **code(CODE))
        assert refused.status_code == 429
        assert "retry-after" in refused.headers
        other = client.post(PATH, headers={"x-forwarded-for": "198.51.100.2"}, **code(CODE))
        assert other.status_code == 404
