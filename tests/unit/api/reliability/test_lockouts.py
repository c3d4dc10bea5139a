"""Defect 8 of issue 14: throttling slows attackers without locking owners out, is shared
through Redis, believes forwarded headers only from configured proxies, and registration does
not reveal who has an account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.throttle import LoginThrottle, RedisFailureLog
from api.cli.serve import server_config
from api.settings import Settings
from domain.errors import TooManyAttemptsError
from tests.redis_server import redis_server

LEARNER = {
    "email": "owner@example.org",
    "password": "the owner's password",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "birthdate": "2001-12-10",
}


def _settings(**changes: Any) -> Settings:
    return Settings(database_url="memory://", password_hash_log2_n=10, **changes)


def _client(app: Any, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


def _sign_in(client: TestClient, password: str, login: str = "owner@example.org") -> int:
    body = {"grant_type": "password", "username": login, "password": password}
    return int(client.post("/auth/token", json=body).status_code)


def test_failures_from_one_address_do_not_lock_the_owner_out_elsewhere() -> None:
    app = create_app(_settings(login_max_failures_per_account=5))
    with _client(app, "203.0.113.7") as attacker, _client(app, "198.51.100.2") as owner:
        assert owner.post("/accounts/learners", json=LEARNER).status_code == 201
        statuses = [_sign_in(attacker, f"guess {i}") for i in range(7)]
        assert statuses[:5] == [401] * 5
        assert 429 in statuses[5:]  # the attacker now waits
        assert _sign_in(owner, "the owner's password") == 200


def test_the_invigilator_is_not_locked_out_by_someone_elses_failures() -> None:
    app = create_app(_settings(login_max_failures_per_account=5))
    session = "5f0c7f52-86a0-4b9c-9f3e-6a1f8d1f1a11"
    with _client(app, "203.0.113.7") as attacker, _client(app, "198.51.100.2") as owner:
        for _ in range(6):
            attacker.post("/auth/invigilator", json={"session_id": session, "password": "x"})
        # The owner's own attempt is judged on its password (here: no such session), not 429.
        response = owner.post("/auth/invigilator", json={"session_id": session, "password": "x"})
        assert response.status_code == 401


def test_each_further_failure_doubles_the_wait() -> None:
    now = [1000.0]
    throttle = LoginThrottle(
        free_failures=2, max_per_address=100, window_seconds=900, clock=lambda: now[0]
    )
    waits = []
    for _ in range(5):
        throttle.record_failure("ada", "a")
        try:
            throttle.check("ada", "a")
            waits.append(0)
        except TooManyAttemptsError as e:
            waits.append(e.retry_after)
        now[0] += 100
    assert waits == [0, 1, 2, 4, 8]
    throttle.check("ada", "b")  # another address is not held back


def test_registration_answers_alike_for_a_taken_email() -> None:
    with TestClient(create_app(_settings())) as client:
        first = client.post("/accounts/learners", json=LEARNER)
        again = client.post("/accounts/learners", json={**LEARNER, "password": "another one!"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert set(first.json()) == set(again.json())
    assert first.json()["id"] != again.json()["id"]


def test_registration_answers_alike_for_a_taken_username_and_creates_nothing() -> None:
    # ADR 1561: a taken username gets the reply of a new account; nothing is recorded, no one
    # is told (the registrant finds out when signing in fails).
    intruder = {**LEARNER, "email": "other@example.org", "password": "the intruder's pass"}
    with TestClient(create_app(_settings())) as client:
        first = client.post("/accounts/learners", json={**LEARNER, "username": "ada.l"})
        again = client.post("/accounts/learners", json={**intruder, "username": "ADA.L"})
        assert (first.status_code, again.status_code) == (201, 201)
        assert set(first.json()) == set(again.json())
        assert _sign_in(client, "the intruder's pass", login="ada.l") == 401
        assert _sign_in(client, "the intruder's pass", login="other@example.org") == 401
        assert _sign_in(client, LEARNER["password"], login="ada.l") == 200


def test_forwarded_headers_are_ignored_unless_the_peer_is_a_trusted_proxy() -> None:
    def statuses(settings: Settings) -> list[int]:
        config = server_config(settings, create_app(settings), "127.0.0.1", 0)
        config.load()
        with TestClient(config.loaded_app, client=("127.0.0.1", 50000)) as client:
            return [
                client.post(
                    "/auth/token",
                    json={"grant_type": "password", "username": f"u{i}", "password": "bad"},
                    headers={"X-Forwarded-For": f"192.0.2.{i}"},
                ).status_code
                for i in range(6)
            ]

    untrusted = statuses(_settings(login_max_failures_per_address=4))
    assert untrusted[-1] == 429  # all six counted against 127.0.0.1
    behind_proxy = statuses(
        _settings(login_max_failures_per_address=4, trusted_proxies=["127.0.0.1"])
    )
    assert behind_proxy == [401] * 6  # six different client addresses


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path) as url:  # fails in CI when redis-server is missing
        yield url


def test_two_processes_share_one_count_through_redis(redis_url: str) -> None:
    def throttle() -> LoginThrottle:
        return LoginThrottle(
            free_failures=3,
            max_per_address=100,
            window_seconds=900,
            log=RedisFailureLog.from_url(redis_url),
        )

    first, second = throttle(), throttle()
    for _ in range(3):
        first.record_failure("ada", "203.0.113.7")
    with pytest.raises(TooManyAttemptsError):
        second.check("ada", "203.0.113.7")
    second.record_success("ada", "203.0.113.7")
    first.check("ada", "203.0.113.7")
    first.close()
    second.close()
