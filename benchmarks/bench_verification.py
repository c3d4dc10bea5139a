"""Verification by code: requests per second and p99 against a FastAPI hello-world.

Both servers run in their own process with the same server settings (one uvicorn process on
loopback, no access log), one after the other in the same run, and take the same load: a
fixed number of keep-alive clients, each sending requests back to back, bounded in requests
and time. certledger answers ``POST /shared-certifications`` for a valid code on the embedded
store (SQLite), with the throttle on (memory storage, limits raised so nothing is refused);
the baseline answers ``POST /hello`` with a small JSON body. The ratio of the two is the
figure to watch: absolute numbers depend on what else the machine runs.

``python -m benchmarks.bench_verification [--requests N] [--clients C] [--quick]``
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from pydantic import BaseModel

from benchmarks.report import print_table, write_json

AIM_RATIO = 0.70
AIM_P99_MS = 20.0
CODE = "P-BCDFGH23"
TIME_LIMIT_S = 60.0
ROUNDS = 6


class Hello(BaseModel):
    verification_code: str


def hello_app() -> Any:
    """The baseline: FastAPI's hello-world, taking and returning a small JSON body."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.post("/hello")
    async def hello(body: Hello) -> dict[str, str]:
        return {"hello": "world", "code_length": str(len(body.verification_code))}

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def serve(kind: str, port: int) -> None:
    """Serve ``kind`` (hello or certledger) on loopback until terminated: the same settings."""
    import uvicorn

    if kind == "hello":
        app = hello_app()
    else:
        from api.app import create_app
        from api.settings import Settings

        app = create_app(Settings())
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def seed(home: Path) -> None:
    """One published session with a validated course whose code is ``CODE``."""
    from datetime import UTC, datetime, timedelta

    from api import bootstrap
    from api.settings import Settings
    from tests.contracts.certificates_story import Seat, publish, record_session

    settings = Settings(database_url=None, home=home)
    container = bootstrap.build(settings)
    try:
        now = datetime.now(UTC)
        seat = Seat("Émilie", "Dupré", code=CODE)
        session = record_session(container.ledger, [seat], taken_at=now - timedelta(days=20))
        publish(container.ledger, session, [seat.course], now - timedelta(days=10))
        container.runners["certificates"].catch_up()
    finally:
        container.close()


@contextmanager
def server(kind: str, env: dict[str, str]) -> Iterator[str]:
    from tests.redis_server import free_port, wait_healthy

    port = free_port()
    command = [sys.executable, "-m", "benchmarks.bench_verification", "--serve", kind, str(port)]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def load(base: str, path: str, requests: int, clients: int, latencies: list[float]) -> float:
    """``clients`` threads share ``requests`` POSTs (stopping at the time limit); the wall time.

    Each latency is appended to ``latencies``.
    """
    errors: list[str] = []
    lock = threading.Lock()
    remaining = [requests]
    stop_at = time.monotonic() + TIME_LIMIT_S

    def client() -> None:
        with httpx.Client(base_url=base, timeout=10) as http:
            body = {"verification_code": CODE}
            for _ in range(20):  # warm-up: connection, caches, first-request costs
                http.post(path, json=body)
            while time.monotonic() < stop_at:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                t = time.perf_counter()
                response = http.post(path, json=body)
                elapsed = time.perf_counter() - t
                if response.status_code != 200:
                    errors.append(f"{path}: {response.status_code} {response.text[:200]}")
                    return
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - start
    if errors:
        raise SystemExit("\n".join(errors[:5]))
    return wall


def summary(latencies: list[float], wall: float) -> dict[str, float]:
    ms = np.array(latencies) * 1000
    return {
        "requests": float(len(latencies)),
        "requests_per_s": len(latencies) / wall,
        "p50_ms": float(np.percentile(ms, 50)),
        "p99_ms": float(np.percentile(ms, 99)),
        "mean_ms": float(statistics.fmean(ms)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="a small run, for a smoke test")
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0
    if args.quick:
        args.requests = 300
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        seed(home)
        env = {
            **os.environ,
            "CERTLEDGER_HOME": str(home),
            "CERTLEDGER_DATABASE_URL": "",
            "CERTLEDGER_VERIFICATION_LIMIT_PER_ADDRESS": "100000000/minute",
            "CERTLEDGER_VERIFICATION_LIMIT_OVERALL": "100000000/minute",
        }
        env.pop("CERTLEDGER_REDIS_URL", None)
        # Both servers up at once, measured in alternating rounds: on a shared machine the load
        # from others drifts, and alternation exposes both servers to the same drift.
        hello_ms: list[float] = []
        verify_ms: list[float] = []
        walls = {"hello": 0.0, "verify": 0.0}
        ratios = []
        per_round = max(1, args.requests // ROUNDS)
        with server("hello", env) as hello, server("certledger", env) as ours:
            for _ in range(ROUNDS):
                a = load(hello, "/hello", per_round, args.clients, hello_ms)
                b = load(ours, "/shared-certifications", per_round, args.clients, verify_ms)
                walls["hello"] += a
                walls["verify"] += b
                ratios.append(a / b)  # same request count: the throughput ratio
        runs = {
            "FastAPI hello-world": summary(hello_ms, walls["hello"]),
            "verification by code": summary(verify_ms, walls["verify"]),
        }
    baseline = runs["FastAPI hello-world"]["requests_per_s"]
    ratio = runs["verification by code"]["requests_per_s"] / baseline
    print_table(
        f"verification by code vs FastAPI hello-world, {args.clients} keep-alive clients, "
        f"one uvicorn process each (aim >= {AIM_RATIO:.0%} and p99 < {AIM_P99_MS:.0f} ms)",
        ["server", "requests", "req/s", "of baseline", "p50 ms", "p99 ms", "mean ms"],
        [
            (
                name,
                int(r["requests"]),
                r["requests_per_s"],
                f"{r['requests_per_s'] / baseline:.0%}",
                r["p50_ms"],
                r["p99_ms"],
                r["mean_ms"],
            )
            for name, r in runs.items()
        ],
    )
    median_ratio = float(np.median(ratios))
    print(
        f"throughput ratio over the whole run {ratio:.0%}; median of {ROUNDS} alternating "
        f"rounds {median_ratio:.0%} (rounds: {', '.join(f'{r:.0%}' for r in ratios)})"
    )
    write_json(
        "verification",
        {
            "clients": args.clients,
            "runs": runs,
            "ratio": ratio,
            "round_ratios": ratios,
            "median_round_ratio": median_ratio,
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
