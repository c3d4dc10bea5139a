"""Positioning benchmark: answer-to-next-challenge latency over HTTP on PostgreSQL.

    python -m benchmarks.bench_positioning [--learners 20] [--competences 4] [--workers 2]
                                           [--quick]

``certledger serve`` runs in child processes on a throwaway PostgreSQL database, listening on
127.0.0.1 only, in two layouts: one process with the projections in it (``serve``), and the
recommended one for this 2-core machine, ``serve --workers 2`` (two server processes and one
``projections run`` process). Simulated learners, one thread each in this process, register,
sign in, and position on several competences at once, answering with the model's success
probability of their true level. One measure is the time from sending an answer to receiving
the next challenge (two requests: the answer, then the next challenge); p50 and p99 over every
answer. For each layout, learners who pause 100-300 ms before answering (still far quicker
than people, who read for tens of seconds), and learners who never pause (saturation).

Client, server and PostgreSQL share the machine; the CPU used by other processes during a run
is reported (``others``), since it inflates every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import numpy as np

from benchmarks.bench_store import postgres_database
from benchmarks.report import print_table, write_json
from domain.bank import ItemBank, load_default_bank
from domain.positioning.simulation import simulated_answer

AIM_P99_MS = 50.0
COMPETENCES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "5.1")
STARTUP_TIMEOUT_S = 60.0
THINKS = (("pause 100-300 ms", (0.1, 0.3)), ("no pause", (0.0, 0.0)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(url: str, pool_size: int, workers: int) -> Iterator[tuple[str, list[int]]]:
    """Run ``certledger serve [--workers N]`` on loopback; yield its base URL and process ids."""
    port = free_port()
    env = {
        **os.environ,
        "CERTLEDGER_DATABASE_URL": url,
        "CERTLEDGER_POSTGRES_POOL_SIZE": str(pool_size),
        "CERTLEDGER_PASSWORD_HASH_LOG2_N": "10",  # sign-up speed is not what is measured
        "CERTLEDGER_RUN_PROJECTIONS_IN_APP": "true",
        "CERTLEDGER_TOKEN_KEYS": json.dumps({"bench": secrets.token_urlsafe(48)}),
    }
    command = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(base_url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server at {base_url} did not start")
            time.sleep(0.2)
        yield base_url, [server.pid]
    finally:
        server.send_signal(signal.SIGINT if workers > 1 else signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


def _healthy(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health").status_code == 200
    except httpx.TransportError:
        return False


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def _postgres_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (they are not the server's children)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == "postgres":
                        found.append(int(entry))
            except OSError:
                continue
    return found


def _machine_busy_seconds() -> float:
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def sign_up(client: httpx.Client) -> tuple[str, dict[str, str]]:
    email, password = f"bench-{uuid.uuid4().hex[:10]}@example.org", "bench-password-42"
    body = {"email": email, "password": password, "first_name": "B", "last_name": "Bench"}
    r = client.post("/accounts/learners", json={**body, "birthdate": "2000-01-01"})
    r.raise_for_status()
    t = client.post(
        "/auth/token", json={"grant_type": "password", "username": email, "password": password}
    )
    t.raise_for_status()
    return r.json()["id"], {"Authorization": f"Bearer {t.json()['access_token']}"}


def learner_run(
    base_url: str,
    seed: int,
    competences: int,
    think: tuple[float, float],
    latencies: list[float],
    errors: list[str],
    bank: ItemBank | None = None,
) -> None:
    """One simulated learner: positions on ``competences`` competences, timing each answer."""
    bank = bank or load_default_bank()
    rng = np.random.default_rng(seed)
    try:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            learner, auth = sign_up(client)
            base = f"/learners/{learner}"
            for code in rng.permutation(COMPETENCES)[:competences]:
                level = float(rng.uniform(1.0, 6.0))
                start = client.post(f"{base}/competences/{code}/evaluation", headers=auth)
                aid = start.json()["assessment_id"]
                nxt = client.post(f"{base}/assessments/{aid}/next-challenge", headers=auth).json()
                while not nxt["completed"]:
                    challenge = bank.challenge(nxt["challenge"]["id"])
                    value = simulated_answer(
                        challenge, bank.skill(challenge.skill_id).difficulty, level, rng
                    )
                    time.sleep(float(rng.uniform(*think)))
                    t = time.perf_counter()
                    answer = client.post(
                        f"{base}/assessments/{aid}/answers",
                        headers=auth,
                        json={"challenge_id": challenge.id, "value": value},
                    )
                    answer.raise_for_status()
                    reply = client.post(f"{base}/assessments/{aid}/next-challenge", headers=auth)
                    reply.raise_for_status()
                    latencies.append(time.perf_counter() - t)
                    nxt = reply.json()
    except Exception as e:  # reported and failing the benchmark, never hidden
        errors.append(f"learner {seed}: {type(e).__name__}: {e}")


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def run(
    url: str, learners: int, competences: int, think: tuple[float, float], workers: int
) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    bank = load_default_bank()  # once, before the clock starts: the bank is the client's too
    # Per server process: enough connections for its share of the learners.
    pool_size = -(-learners // workers) + 5
    with serving(url, pool_size, workers) as (base_url, pids):
        learner_run(base_url, 10_000, 1, (0.0, 0.0), [], errors, bank)  # warm-up, not measured
        threads = [
            threading.Thread(
                target=learner_run,
                args=(base_url, n, competences, think, latencies, errors, bank),
            )
            for n in range(learners)
        ]
        ours = [*_process_tree(pids[0]), os.getpid(), *_postgres_pids()]
        cpu_before, busy_before = _cpu_seconds(ours), _machine_busy_seconds()
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - t
        # Processes that ended during the run are missed: none do (connections are pooled).
        ours = [*_process_tree(pids[0]), os.getpid(), *_postgres_pids()]
        ours_cpu = _cpu_seconds(ours) - cpu_before
        busy = _machine_busy_seconds() - busy_before
    if errors:
        raise SystemExit("\n".join(errors))
    ms = [x * 1000 for x in latencies]
    cores = os.cpu_count() or 1
    return {
        "think_ms": think[0] * 1000,
        "learners": learners,
        "workers": workers,
        "answers": len(ms),
        "p50_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
        "mean_ms": statistics.fmean(ms),
        "max_ms": max(ms),
        "answers_per_s": len(ms) / elapsed,
        "machine_busy_pct": 100 * busy / (elapsed * cores),
        "others_cpu_pct": max(0.0, 100 * (busy - ours_cpu) / (elapsed * cores)),
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
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    args = parser.parse_args(argv)
    if args.quick:
        args.learners, args.competences = 4, 1
    runs: dict[str, dict[str, float]] = {}
    for workers in dict.fromkeys((1, args.workers)):
        for label, think in THINKS:
            with postgres_database(args.admin_url) as url:
                r = run(url, args.learners, args.competences, think, workers)
            runs[f"{layout_name(workers)}, {label}"] = r
    print_table(
        f"positioning over HTTP on PostgreSQL: answer + next challenge, {args.learners} "
        f"concurrent learners (aim p99 < {AIM_P99_MS:.0f} ms)",
        [
            "layout",
            "learners",
            "answers",
            "p50 ms",
            "p99 ms",
            "mean ms",
            "answers/s",
            "busy",
            "others",
        ],
        [
            (
                layout_name(int(r["workers"])),
                label.split(", ", 1)[1],
                int(r["answers"]),
                r["p50_ms"],
                r["p99_ms"],
                r["mean_ms"],
                r["answers_per_s"],
                f"{r['machine_busy_pct']:.0f}%",
                f"{r['others_cpu_pct']:.0f}%",
            )
            for label, r in runs.items()
        ],
    )
    print(
        "busy: the machine's CPU in use during the run; others: the part used by processes other "
        "than the server, the projections, this client and PostgreSQL (it inflates latencies)"
    )
    write_json("positioning", {"quick": args.quick, "aim_p99_ms": AIM_P99_MS, "runs": runs})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
