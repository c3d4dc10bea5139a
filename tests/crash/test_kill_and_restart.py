"""Crash tests: ``kill -9`` of the whole server during a load of learners answering on
PostgreSQL (one process, then ``--workers 2``), restart, and check the ledger: every answer the
server acknowledged is recorded exactly once, and the views catch up.

Each test is bounded: a few learners, about 3 s of load, 60 s at most to come back. They print
their figures (acknowledged, found, lost, duplicated) on one line.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from api import bootstrap
from api.settings import Settings
from domain.bank import load_default_bank
from domain.positioning.simulation import wrong_answer

pytestmark = pytest.mark.postgres

LEARNERS = 6
LOAD_SECONDS = 3.0
MIN_ACKNOWLEDGED = 30
MAX_LOAD_SECONDS = 15.0
RESTART_DEADLINE = 60.0
COMPETENCES = ("1.1", "1.3", "2.2", "3.4", "5.1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``certledger serve`` in its own process group, so one signal reaches every process."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.env, self.workers = env, workers
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        self.process = subprocess.Popen(
            command,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + RESTART_DEADLINE
        while True:
            try:
                if httpx.get(f"{self.base}/health", timeout=2).status_code in (200, 503):
                    return
            except httpx.TransportError:
                pass
            assert self.process.poll() is None, "the server stopped while starting"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)

    def kill(self) -> None:
        """kill -9 of the server and every process it started."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


@pytest.fixture
def server_env(postgres_settings: Settings, tmp_path: Path) -> dict[str, str]:
    assert postgres_settings.database_url is not None
    return {
        **os.environ,
        "CERTLEDGER_DATABASE_URL": postgres_settings.database_url,
        "CERTLEDGER_HOME": str(tmp_path / "var"),
        "CERTLEDGER_TOKEN_KEYS": json.dumps({"crash": secrets.token_urlsafe(48)}),
        "CERTLEDGER_PASSWORD_HASH_LOG2_N": "10",
        "CERTLEDGER_POSTGRES_POOL_SIZE": "2",  # the PostgreSQL server is shared: 100 slots
        "CERTLEDGER_PROJECTION_POLL_INTERVAL": "0.05",
    }


def _learner(base: str, n: int) -> tuple[str, dict[str, str]]:
    email = f"crash-{n}-{secrets.token_hex(4)}@example.org"
    body = {
        "email": email,
        "password": "correct-horse-battery-42",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "birthdate": "2001-12-10",
    }
    learner = httpx.post(f"{base}/accounts/learners", json=body, timeout=30).json()["id"]
    grant = {"grant_type": "password", "username": email, "password": body["password"]}
    token = httpx.post(f"{base}/auth/token", json=grant, timeout=30).json()["access_token"]
    return learner, {"Authorization": f"Bearer {token}"}


def _answer_until_stopped(
    base: str,
    learner: str,
    auth: dict[str, str],
    stop: threading.Event,
    acknowledged: list[tuple[UUID, str]],
) -> None:
    """Answer wrongly, one challenge after another; keep what the server acknowledged."""
    bank = load_default_bank()
    with httpx.Client(base_url=f"{base}/learners/{learner}", headers=auth, timeout=10) as client:
        try:
            for code in COMPETENCES:
                aid = client.post(f"/competences/{code}/evaluation").json()["assessment_id"]
                while not stop.is_set():
                    nxt = client.post(f"/assessments/{aid}/next-challenge").json()
                    if nxt["completed"]:
                        break
                    challenge = bank.challenge(nxt["challenge"]["id"])
                    body = {"challenge_id": challenge.id, "value": wrong_answer(challenge)}
                    if client.post(f"/assessments/{aid}/answers", json=body).status_code == 200:
                        acknowledged.append((UUID(aid), challenge.id))
                if stop.is_set():
                    return
        except (httpx.TransportError, KeyError, ValueError):
            return  # the server died under us: what was acknowledged so far is what counts


def _run_crash(server_env: dict[str, str], settings: Settings, workers: int) -> None:
    server = Server(server_env, workers)
    server.start()
    try:
        learners = [_learner(server.base, n) for n in range(LEARNERS)]
        stop = threading.Event()
        acknowledged: list[tuple[UUID, str]] = []
        threads = [
            threading.Thread(
                target=_answer_until_stopped, args=(server.base, lid, auth, stop, acknowledged)
            )
            for lid, auth in learners
        ]
        for t in threads:
            t.start()
        # At least LOAD_SECONDS, and until MIN_ACKNOWLEDGED answers (a cold server is slow to
        # start), but never more than MAX_LOAD_SECONDS.
        began = time.monotonic()
        while time.monotonic() - began < MAX_LOAD_SECONDS and (
            time.monotonic() - began < LOAD_SECONDS or len(acknowledged) < MIN_ACKNOWLEDGED
        ):
            time.sleep(0.1)
        server.kill()  # mid-load: requests are in flight in every thread
        stop.set()
        for t in threads:
            t.join(30)
        started = time.monotonic()
        server.start()
        lag = _wait_caught_up(server.base)
        recovery = time.monotonic() - started
    finally:
        server.stop()
    found, duplicated = _recorded(settings, acknowledged)
    lost = len(acknowledged) - found
    print(
        f"\ncrash (workers={workers}): acknowledged={len(acknowledged)} found={found} "
        f"lost={lost} duplicated={duplicated} recovered_in={recovery:.1f}s final_lag={lag}"
    )
    assert len(acknowledged) > 0, "the load acknowledged nothing before the kill"
    assert (lost, duplicated, lag) == (0, 0, 0)


def _wait_caught_up(base: str) -> int:
    """Poll /health until every view has caught up with the ledger; the last lag seen."""
    deadline = time.monotonic() + RESTART_DEADLINE
    lag = -1
    while time.monotonic() < deadline:
        health = httpx.get(f"{base}/health", timeout=5).json()
        lag = max((p["lag"] for p in health["projections"]), default=0)
        if health["status"] == "ok" and lag == 0:
            return lag
        time.sleep(0.2)
    return lag


def _recorded(settings: Settings, acknowledged: list[tuple[UUID, str]]) -> tuple[int, int]:
    """How many acknowledged answers the ledger holds, and how many answers it holds twice."""
    container = bootstrap.build(settings, read_models=[])
    try:
        found, duplicated = 0, 0
        for aid in {a for a, _ in acknowledged}:
            counts: Counter[str] = Counter(
                c for c, _ in container.ledger.get_assessment(aid).answers
            )
            duplicated += sum(n - 1 for n in counts.values() if n > 1)
            found += sum(1 for a, c in acknowledged if a == aid and counts[c] == 1)
        return found, duplicated
    finally:
        container.close()


def test_kill_9_of_one_server_process_loses_no_acknowledged_answer(
    server_env: dict[str, str], postgres_settings: Settings
) -> None:
    _run_crash(server_env, postgres_settings, workers=1)


def test_kill_9_of_two_workers_and_their_projections_loses_no_acknowledged_answer(
    server_env: dict[str, str], postgres_settings: Settings
) -> None:
    _run_crash(server_env, postgres_settings, workers=2)


def _projection_children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid), "-f", "projections run"], capture_output=True)
    return [int(p) for p in out.stdout.split()]


def test_a_killed_projections_process_is_restarted_and_views_catch_up(
    server_env: dict[str, str],
) -> None:
    server = Server(server_env, workers=2)
    server.start()
    try:
        assert server.process is not None
        deadline = time.monotonic() + 20
        while not (children := _projection_children(server.process.pid)):
            assert time.monotonic() < deadline, "no projections process"
            time.sleep(0.1)
        os.kill(children[0], signal.SIGKILL)
        _learner(server.base, 0)  # new events that only a live projector takes in
        deadline = time.monotonic() + 30
        while (now := _projection_children(server.process.pid)) in ([], children):
            assert time.monotonic() < deadline, "the projections process was not restarted"
            time.sleep(0.1)
        assert _wait_caught_up(server.base) == 0
        print(f"\nprojections process {children[0]} killed, {now[0]} took over")
    finally:
        server.stop()
