"""Verification by code: requests per second and p99 against a FastAPI hello-world.

Both servers run at once, each in its own process with the same server settings (one uvicorn
process on loopback, no access log), and take the same load from the same generator: ``wrk``
(Debian's package; C, one thread, so the client costs little CPU) with
``benchmarks/verification.lua``, which posts ``{"verification_code": ...}`` to both, with the
same connections and duration. The runs alternate (hello, verification, verification, hello,
...), so both servers meet the same drift in what else the machine runs; the ratio of each
adjacent pair is the figure to watch, and their median is the headline. certledger answers
``POST /shared-certifications`` for a valid code on the embedded store (SQLite), with the
throttle on (memory storage; limits raised so nothing is refused, but every request is
counted per address and overall); the baseline answers ``POST /hello``.

The CPU time of each server (``/proc/<pid>/stat``) and of each ``wrk`` run (its rusage) is
printed per request: on a shared machine CPU per request is steadier than requests per second.

``python -m benchmarks.bench_verification [--seconds S] [--rounds R] [--clients C] [--quick]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from benchmarks.processes import cpu_seconds, stop_server
from benchmarks.report import print_table, write_json

AIM_RATIO = 0.70
AIM_P99_MS = 20.0
CODE = "P-BCDFGH23"
SCRIPT = Path(__file__).resolve().parent / "verification.lua"
HEADERS = (
    "server", "requests", "req/s", "of hello", "p50 ms", "p99 ms", "worst p99",
    "server CPU ms/req", "server busy", "wrk CPU ms/req",
)  # fmt: skip


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


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextmanager
def server(kind: str, env: dict[str, str]) -> Iterator[Server]:
    from tests.redis_server import free_port, wait_healthy

    port = free_port()
    command = [sys.executable, "-m", "benchmarks.bench_verification", "--serve", kind, str(port)]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield Server(base, process.pid)
    finally:
        stop_server(process)


@dataclass(frozen=True)
class Run:
    """One ``wrk`` run against one server."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    server_cpu_s: float
    client_cpu_s: float

    @property
    def per_s(self) -> float:
        return self.requests / self.seconds


def run_wrk(target: Server, path: str, seconds: float, clients: int) -> Run:
    """Load ``target`` for ``seconds`` with ``clients`` keep-alive connections; every answer 2xx."""
    command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "5s"]
    command += ["-s", str(SCRIPT), target.url + path]
    before = cpu_seconds([target.pid])
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "CERTLEDGER_BENCH_CODE": CODE},
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)  # the client's own CPU time, from its rusage
    process.returncode = os.waitstatus_to_exitcode(status)
    server_cpu = cpu_seconds([target.pid]) - before
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if process.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed on {path}:\n{output}")
    r = json.loads(lines[-1].removeprefix("RESULT "))
    if r["non_2xx"] or r["socket_errors"]:
        raise SystemExit(f"{path}: {r['non_2xx']} non-2xx answers, {r['socket_errors']} errors")
    return Run(
        requests=r["requests"],
        seconds=r["duration_us"] / 1e6,
        p50_ms=r["p50_us"] / 1000,
        p90_ms=r["p90_us"] / 1000,
        p99_ms=r["p99_us"] / 1000,
        max_ms=r["max_us"] / 1000,
        mean_ms=r["mean_us"] / 1000,
        server_cpu_s=server_cpu,
        client_cpu_s=usage.ru_utime + usage.ru_stime,
    )


def check_answers(hello: Server, ours: Server) -> None:
    """Both servers answer the request wrk will send, and ours with the certificate."""
    body = {"verification_code": CODE}
    assert httpx.post(hello.url + "/hello", json=body).status_code == 200
    answer = httpx.post(ours.url + "/shared-certifications", json=body)
    if answer.status_code != 200 or answer.json().get("last_name") != "Dupré":
        raise SystemExit(f"the verification does not answer the certificate: {answer.text[:300]}")
    if answer.headers.get("cache-control") != "no-store":
        raise SystemExit("the verification answer lacks Cache-Control: no-store")


def totals(runs: list[Run]) -> dict[str, float]:
    requests = sum(r.requests for r in runs)
    return {
        "requests": requests,
        "requests_per_s": requests / sum(r.seconds for r in runs),
        "p50_ms": statistics.median(r.p50_ms for r in runs),
        "p99_ms": statistics.median(r.p99_ms for r in runs),
        "p99_worst_ms": max(r.p99_ms for r in runs),
        "server_cpu_ms_per_request": 1000 * sum(r.server_cpu_s for r in runs) / requests,
        "server_busy": sum(r.server_cpu_s for r in runs) / sum(r.seconds for r in runs),
        "client_cpu_ms_per_request": 1000 * sum(r.client_cpu_s for r in runs) / requests,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one run")
    parser.add_argument("--rounds", type=int, default=6, help="pairs of runs (hello, ours)")
    parser.add_argument("--clients", type=int, default=4, help="keep-alive connections")
    parser.add_argument("--quick", action="store_true", help="a small run, for a smoke test")
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0
    if shutil.which("wrk") is None:
        # Not an exception: ``python -m benchmarks`` goes on with the other benchmarks.
        print("verification benchmark skipped: it needs wrk (apt-get install -y wrk)")
        return 2
    if args.quick:
        args.seconds, args.rounds = 2.0, 2
    load_before = os.getloadavg()
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
        runs: dict[str, list[Run]] = {"hello": [], "ours": []}
        ratios: list[float] = []
        with server("hello", env) as hello, server("certledger", env) as ours:
            check_answers(hello, ours)
            targets = {"hello": (hello, "/hello"), "ours": (ours, "/shared-certifications")}
            for kind in targets:  # warm-up: imports, caches, first-request costs
                run_wrk(*targets[kind], seconds=1, clients=args.clients)
            for i in range(args.rounds):
                # hello-ours, ours-hello, ...: neither always runs first after a pause.
                order = ("hello", "ours") if i % 2 == 0 else ("ours", "hello")
                pair = {k: run_wrk(*targets[k], args.seconds, args.clients) for k in order}
                for kind, run in pair.items():
                    runs[kind].append(run)
                ratios.append(pair["ours"].per_s / pair["hello"].per_s)
    load_after = os.getloadavg()
    results = {"FastAPI hello-world": totals(runs["hello"]), "verification": totals(runs["ours"])}
    baseline = results["FastAPI hello-world"]["requests_per_s"]
    print_table(
        f"verification by code vs FastAPI hello-world: wrk, {args.clients} connections, "
        f"{args.rounds} alternating pairs of {args.seconds:g} s, one uvicorn process each "
        f"(aim >= {AIM_RATIO:.0%} and p99 < {AIM_P99_MS:.0f} ms)",
        HEADERS,
        [
            (
                name,
                int(r["requests"]),
                r["requests_per_s"],
                f"{r['requests_per_s'] / baseline:.0%}",
                r["p50_ms"],
                r["p99_ms"],
                r["p99_worst_ms"],
                r["server_cpu_ms_per_request"],
                f"{r['server_busy']:.0%}",
                r["client_cpu_ms_per_request"],
            )
            for name, r in results.items()
        ],
    )
    median_ratio = statistics.median(ratios)
    cpu_ratio = (
        results["FastAPI hello-world"]["server_cpu_ms_per_request"]
        / results["verification"]["server_cpu_ms_per_request"]
    )
    p99 = results["verification"]["p99_ms"]
    met = median_ratio >= AIM_RATIO and p99 < AIM_P99_MS
    print(
        f"ratio of adjacent runs: median {median_ratio:.0%} "
        f"(pairs: {', '.join(f'{r:.0%}' for r in ratios)}); "
        f"server CPU per request, hello / verification: {cpu_ratio:.0%}; "
        f"verification p99 {p99:.1f} ms (median of runs): aim {'met' if met else 'NOT met'}"
    )
    print(
        f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} "
        f"({os.cpu_count()} CPUs; this benchmark alone keeps about 2 busy: a server and wrk)"
    )
    write_json(
        "verification",
        {
            "generator": "wrk",
            "clients": args.clients,
            "seconds_per_run": args.seconds,
            "rounds": args.rounds,
            "results": results,
            "pair_ratios": ratios,
            "median_pair_ratio": median_ratio,
            "cpu_per_request_ratio": cpu_ratio,
            "aim_met": met,
            "runs": {k: [asdict(r) for r in v] for k, v in runs.items()},
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
