"""``certledger serve --workers 2``: two server processes and one projection process, stopped
together; connections answer without the delayed-ACK stall (TCP_NODELAY on accepted sockets)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_worker_app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_a_worker_app_never_runs_the_projections(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CERTLEDGER_DATABASE_URL", "memory://")
    monkeypatch.setenv("CERTLEDGER_HOME", str(tmp_path))
    monkeypatch.setenv("CERTLEDGER_RUN_PROJECTIONS_IN_APP", "true")
    app = create_worker_app()
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        assert not any(t.is_alive() for t in app.state.projection_threads._threads)


def test_two_workers_and_one_projection_process_serve_and_stop_together(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "CERTLEDGER_HOME": str(tmp_path / "var"),
        "CERTLEDGER_DATABASE_URL": "",
        "CERTLEDGER_PROJECTION_POLL_INTERVAL": "0.05",
    }
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            while True:
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
            # A delayed-ACK stall adds ~40 ms to every response; the fastest of ten shows
            # whether it is there, whatever else slows a busy machine down.
            times = []
            for _ in range(10):
                t = time.perf_counter()
                assert client.get("/framework").status_code == 200
                times.append(time.perf_counter() - t)
            assert min(times) < 0.03, times
        # serve, its projection process, uvicorn's two workers (and its resource tracker)
        assert len(_children(server.pid)) >= 3
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0
    assert "certledger: error" not in err.decode()
    assert "projections process stopped" not in err.decode()
