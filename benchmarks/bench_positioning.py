"""Positioning benchmark: answer-to-next-challenge latency over HTTP on PostgreSQL.

    python -m benchmarks.bench_positioning [--learners 20] [--competences 4] [--workers 2]
                                           [--baseline DIR] [--quick]

``certledger serve`` runs in child processes on a throwaway PostgreSQL database, listening on
127.0.0.1 only, in two layouts: one process with the projections in it (``serve``), and the
recommended one for this 2-core machine, ``serve --workers 2`` (two server processes and one
``projections run`` process). Simulated learners register, sign in and start their
evaluations before the clock starts, and the views are caught up then too; each learner then
positions on several competences, answering with the model's success probability of their
true level. One measure is the time from sending an answer to receiving the next challenge
(two requests: the answer, then the next challenge); p50 and p99 over every answer. For each
layout, learners who pause 100-300 ms before answering (still far quicker than people, who
read for tens of seconds), and learners who never pause (saturation).

The client is light (``light_http``: raw keep-alive HTTP/1.1, every learner a coroutine of one
process, answers precomputed per challenge), so it takes little of the 2 cores from the server.
CPU per answer is printed by role: server processes, the projections process, the PostgreSQL
backends of the benchmark's database, and this client. ``--baseline DIR`` runs every case a
second time, first, with the server of another source tree (e.g. a ``git worktree`` of main):
before and after in the same run, on the same machine load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from benchmarks.bench_store import postgres_database
from benchmarks.light_http import Connection
from benchmarks.processes import ROLES, CpuWindow, stop_server, wait_for_headroom
from benchmarks.report import print_table, write_json
from domain.bank import Challenge, ItemBank, load_default_bank
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from domain.positioning.simulation import wrong_answer
from domain.positioning.smart_random import probability

AIM_P99_MS = 50.0
COMPETENCES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "5.1")
STARTUP_TIMEOUT_S = 60.0
START_ATTEMPTS = 5
CATCH_UP_TIMEOUT_S = 120.0
THINKS = (("pause 100-300 ms", (0.1, 0.3)), ("no pause", (0.0, 0.0)))
HERE = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    url: str, pool_size: int, workers: int, *, source: Path | None = None,
    token_keys: str | None = None,
) -> Iterator[tuple[str, list[int]]]:  # fmt: skip
    """Run ``certledger serve [--workers N]`` on loopback; yield its base URL and process ids.

    ``source``: run the server of another source tree (same interpreter and packages);
    ``token_keys``: the signing keys (JSON), for tokens issued by the benchmark itself.
    """
    port = free_port()
    env = {
        **os.environ,
        "CERTLEDGER_DATABASE_URL": url,
        "CERTLEDGER_POSTGRES_POOL_SIZE": str(pool_size),
        "CERTLEDGER_PASSWORD_HASH_LOG2_N": "10",  # sign-up speed is not what is measured
        "CERTLEDGER_RUN_PROJECTIONS_IN_APP": "true",
        "CERTLEDGER_TOKEN_KEYS": token_keys or json.dumps({"bench": secrets.token_urlsafe(48)}),
    }
    if source is not None:
        env["PYTHONPATH"] = str(source)
    command = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    base_url = f"http://127.0.0.1:{port}"
    # The PostgreSQL server is shared (100 connections for every engineer's tests): a start
    # that found it full is tried again a few times before giving up.
    for attempt in range(START_ATTEMPTS):
        server = subprocess.Popen(command, env=env, cwd=source or HERE)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(base_url):
            if server.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        else:
            break
        stop_server(server, workers)
        if attempt == START_ATTEMPTS - 1:
            raise SystemExit(f"the server at {base_url} did not start")
        time.sleep(10)
    try:
        yield base_url, [server.pid]
    finally:
        stop_server(server, workers)


def _healthy(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health").status_code == 200
    except httpx.TransportError:
        return False


def wait_for_views(base_url: str, timeout: float = CATCH_UP_TIMEOUT_S) -> None:
    """Block until every view has applied the whole log (before the clock starts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = httpx.get(f"{base_url}/health", timeout=30).json()
        if all(p["position"] >= health["head"] for p in health["projections"]):
            return
        time.sleep(0.2)
    raise SystemExit(f"the views did not catch up within {timeout:.0f} s")


class Answers:
    """Each challenge's right and wrong answer, computed once (not on the clock)."""

    def __init__(self, bank: ItemBank) -> None:
        self.bank = bank
        self.cache: dict[str, tuple[str, str, int]] = {}

    def __call__(self, challenge_id: str, level: float, rng: np.random.Generator) -> str:
        found = self.cache.get(challenge_id)
        if found is None:
            challenge: Challenge = self.bank.challenge(challenge_id)
            found = (
                solution_as_answer(checkable(challenge)),
                wrong_answer(challenge),
                self.bank.skill(challenge.skill_id).difficulty,
            )
            self.cache[challenge_id] = found
        right, wrong, difficulty = found
        return right if rng.random() < probability(level, difficulty) else wrong


async def sign_up(host: str, port: int) -> tuple[str, str]:
    """Register a learner and sign in: its id and access token."""
    conn = Connection(host, port)
    email, password = f"bench-{uuid.uuid4().hex[:10]}@example.org", "bench-password-42"
    body = {"email": email, "password": password, "first_name": "B", "last_name": "Bench"}
    made = await conn.request("POST", "/accounts/learners", {**body, "birthdate": "2000-01-01"})
    token = await conn.request(
        "POST", "/auth/token", {"grant_type": "password", "username": email, "password": password}
    )
    await conn.close()
    return str(made["id"]), str(token["access_token"])


async def learner_run(
    host: str, port: int, who: tuple[str, str], seed: int, competences: int,
    think: tuple[float, float], answers: Answers, out: dict[str, Any],
) -> None:  # fmt: skip
    """One simulated learner: positions on ``competences`` competences, timing each answer."""
    learner, token = who
    rng = np.random.default_rng(seed)
    conn = Connection(host, port, token)
    base = f"/learners/{learner}"
    try:
        for code in rng.permutation(COMPETENCES)[:competences]:
            level = float(rng.uniform(1.0, 6.0))
            start = await conn.request("POST", f"{base}/competences/{code}/evaluation")
            path = f"{base}/assessments/{start['assessment_id']}"
            nxt = await conn.request("POST", f"{path}/next-challenge")
            while not nxt["completed"]:
                challenge_id = nxt["challenge"]["id"]
                value = answers(challenge_id, level, rng)
                await asyncio.sleep(float(rng.uniform(*think)))
                t = time.perf_counter()
                await conn.request(
                    "POST", f"{path}/answers", {"challenge_id": challenge_id, "value": value}
                )
                nxt = await conn.request("POST", f"{path}/next-challenge")
                out["latencies"].append(time.perf_counter() - t)
    except Exception as e:  # reported and failing the benchmark, never hidden
        out["errors"].append(f"learner {seed}: {type(e).__name__}: {e}")
    finally:
        await conn.close()


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def run(
    url: str, learners: int, competences: int, think: tuple[float, float], workers: int,
    source: Path | None = None,
) -> dict[str, Any]:  # fmt: skip
    answers = Answers(load_default_bank())  # the bank is the client's too: loaded off the clock
    out: dict[str, Any] = {"latencies": [], "errors": []}
    # Per server process: enough connections for its share of the learners.
    pool_size = -(-learners // workers) + 1
    with serving(url, pool_size, workers, source=source) as (base_url, pids):
        host, port = "127.0.0.1", int(base_url.rsplit(":", 1)[1])

        async def prepare() -> list[tuple[str, str]]:
            warm = (await sign_up(host, port),)  # warm-up learner, not measured
            await learner_run(host, port, warm[0], 10_000, 1, (0.0, 0.0), answers,
                              {"latencies": [], "errors": out["errors"]})  # fmt: skip
            return list(await asyncio.gather(*(sign_up(host, port) for _ in range(learners))))

        who = asyncio.run(prepare())
        wait_for_views(base_url)
        window = CpuWindow(pids[0], url)
        window.start()
        t = time.perf_counter()

        async def measured() -> None:
            await asyncio.gather(*(
                learner_run(host, port, w, n, competences, think, answers, out)
                for n, w in enumerate(who)
            ))  # fmt: skip

        asyncio.run(measured())
        elapsed = time.perf_counter() - t
        used, busy = window.stop()
    if out["errors"]:
        raise SystemExit("\n".join(out["errors"][:20]))
    ms = [x * 1000 for x in out["latencies"]]
    cores = os.cpu_count() or 1
    n = len(ms)
    return {
        "source": str(source) if source else "this tree",
        "think_ms": think[0] * 1000,
        "learners": learners,
        "workers": workers,
        "answers": n,
        "p50_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
        "mean_ms": statistics.fmean(ms),
        "max_ms": max(ms),
        "answers_per_s": n / elapsed,
        "cpu_ms_per_answer": {role: 1000 * used[role] / n for role in ROLES},
        "machine_busy_pct": 100 * busy / (elapsed * cores),
        "others_cpu_pct": max(0.0, 100 * (busy - sum(used.values())) / (elapsed * cores)),
    }


def layout_name(workers: int) -> str:
    if workers == 1:
        return "1 process"
    return f"{workers} workers + proj."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--competences", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="the multi-process layout")
    parser.add_argument("--baseline", type=Path, help="another source tree, run first per case")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    args = parser.parse_args(argv)
    if args.quick:
        args.learners, args.competences = 4, 1
    trees: list[tuple[str, Path | None]] = [("this tree", None)]
    if args.baseline:
        trees.insert(0, ("baseline", args.baseline.resolve()))
    runs: dict[str, dict[str, Any]] = {}
    for workers in dict.fromkeys((1, args.workers)):
        for label, think in THINKS:
            for tree, source in trees:
                wait_for_headroom(args.admin_url)
                with postgres_database(args.admin_url) as url:
                    r = run(url, args.learners, args.competences, think, workers, source)
                runs[f"{layout_name(workers)}, {label}, {tree}"] = r
    print_table(
        f"positioning over HTTP on PostgreSQL: answer + next challenge, {args.learners} "
        f"concurrent learners (aim p99 < {AIM_P99_MS:.0f} ms)",
        ["layout", "learners", "tree", "answers", "p50 ms", "p99 ms", "max ms", "answers/s",
         "cpu ms/answer: server", "views", "postgres", "client", "busy", "others"],
        [
            (layout_name(int(r["workers"])), key.split(", ")[1], key.split(", ")[2],
             int(r["answers"]), r["p50_ms"], r["p99_ms"], r["max_ms"], r["answers_per_s"],
             *(r["cpu_ms_per_answer"][role] for role in ROLES),
             f"{r['machine_busy_pct']:.0f}%", f"{r['others_cpu_pct']:.0f}%")
            for key, r in runs.items()
        ],
    )  # fmt: skip
    print(
        "cpu ms/answer: CPU per answer + next challenge of the server processes, the "
        "projections process (in the server with 1 process), the PostgreSQL backends of the "
        "benchmark's database, and this client; busy: the machine's CPU in use during the run; "
        "others: the part used by anything else (it inflates latencies)"
    )
    write_json("positioning", {"quick": args.quick, "aim_p99_ms": AIM_P99_MS, "runs": runs})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
