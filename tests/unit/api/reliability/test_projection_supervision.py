"""Defect 4 of issue 14: a stopped projections process is started again with back-off, and
/health answers 503 once a view lags the ledger by more than the configured limit."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.cli.supervisor import Supervisor
from api.settings import Settings

LEARNER = {
    "password": "a long enough password",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "birthdate": "2001-12-10",
}


def test_health_is_503_when_a_view_lags_beyond_the_limit(tmp_path: Path) -> None:
    settings = Settings(
        database_url="memory://",
        home=tmp_path,
        password_hash_log2_n=10,
        run_projections_in_app=False,  # as a worker of serve --workers N whose projector died
        health_max_projection_lag=2,
    )
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").status_code == 200
        for i in range(3):
            body = {**LEARNER, "email": f"learner{i}@example.org"}
            assert client.post("/accounts/learners", json=body).status_code == 201
        health = client.get("/health")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert any("behind the ledger" in e for e in health.json()["errors"])


def test_a_killed_child_is_started_again_with_a_doubling_delay() -> None:
    supervisor = Supervisor(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        "sleeper",
        first_delay=0.1,
        max_delay=1.0,
    )
    supervisor.start()
    try:
        pids = []
        for _ in range(3):
            process = supervisor.process
            assert process is not None
            pids.append(process.pid)
            os.kill(process.pid, signal.SIGKILL)
            deadline = time.monotonic() + 5
            while supervisor.process is process or supervisor.process is None:
                assert time.monotonic() < deadline, "the child was not started again"
                time.sleep(0.02)
        assert supervisor.restarts == 3
        assert len(set(pids)) == 3
        assert supervisor.process is not None
        assert supervisor.process.poll() is None
    finally:
        supervisor.stop(timeout=5)
    assert supervisor.process.poll() is not None
