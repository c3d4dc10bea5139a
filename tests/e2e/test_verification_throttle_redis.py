"""The verification throttle holds across two server processes sharing one Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.redis_server import free_port, redis_server, wait_healthy


@contextmanager
def server(env: dict[str, str], port: int) -> Iterator[httpx.Client]:
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        with httpx.Client(base_url=base, timeout=10) as client:
            yield client
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def test_the_per_address_limit_counts_requests_to_both_processes(tmp_path: Path) -> None:
    with redis_server(tmp_path) as redis_url:
        env = {
            **os.environ,
            "CERTLEDGER_HOME": str(tmp_path / "var"),
            "CERTLEDGER_DATABASE_URL": "",
            "CERTLEDGER_REDIS_URL": redis_url,
            "CERTLEDGER_VERIFICATION_LIMIT_PER_ADDRESS": "4/minute",
        }
        body = {"verification_code": "P-BCDFGH23"}  # unknown: a 404 counts as an attempt
        with server(env, free_port()) as a, server(env, free_port()) as b:
            answers = [c.post("/shared-certifications", json=body) for c in (a, b, a, b)]
            refused_a = a.post("/shared-certifications", json=body)
            refused_b = b.post("/shared-certifications", json=body)
    assert [r.status_code for r in answers] == [404, 404, 404, 404]
    for refused in (refused_a, refused_b):
        assert refused.status_code == 429
        assert refused.json()["code"] == "verification_throttled"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
