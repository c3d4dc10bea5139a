"""Positioning benchmark: answer-to-next-challenge latency over HTTP on PostgreSQL.

    python -m benchmarks.bench_positioning [--learners 20] [--competences 4] [--quick]

``certledger serve`` runs in its own process (projections in-process, as in production) on a
throwaway PostgreSQL database; simulated learners, one thread each in this process, register,
sign in, and position on several competences at once, answering with the model's success
probability of their true level. One measure is the time from sending an answer to receiving
the next challenge (two requests: the answer, then the next challenge); p50 and p99 over every
answer. Two runs: learners who pause 100-300 ms before answering (still far quicker than people,
who read for tens of seconds), and learners who never pause (the server saturated).
"""

from __future__ import annotations

import argparse
import os
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
from domain.bank import load_default_bank
from domain.positioning.simulation import simulated_answer

AIM_P99_MS = 50.0
COMPETENCES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "5.1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(url: str, pool_size: int) -> Iterator[str]:
    """Run ``certledger serve`` in a child process on ``url``; yield its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "CERTLEDGER_DATABASE_URL": url,
        "CERTLEDGER_POSTGRES_POOL_SIZE": str(pool_size),
        "CERTLEDGER_PASSWORD_HASH_LOG2_N": "10",  # sign-up speed is not what is measured
    }
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base_url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        server.wait(10)


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
) -> None:
    """One simulated learner: positions on ``competences`` competences, timing each answer."""
    bank = load_default_bank()
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


def run(url: str, learners: int, competences: int, think: tuple[float, float]) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    with serving(url, learners + 5) as base_url:
        threads = [
            threading.Thread(
                target=learner_run, args=(base_url, n, competences, think, latencies, errors)
            )
            for n in range(learners)
        ]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - t
    if errors:
        raise SystemExit("\n".join(errors))
    ms = [x * 1000 for x in latencies]
    return {
        "think_ms": think[0] * 1000,
        "learners": learners,
        "answers": len(ms),
        "p50_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
        "mean_ms": statistics.fmean(ms),
        "max_ms": max(ms),
        "answers_per_s": len(ms) / elapsed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--competences", type=int, default=4)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    args = parser.parse_args(argv)
    if args.quick:
        args.learners, args.competences = 4, 1
    runs = {}
    for label, think in (("pause 100-300 ms", (0.1, 0.3)), ("no pause", (0.0, 0.0))):
        with postgres_database(args.admin_url) as url:
            runs[label] = run(url, args.learners, args.competences, think)
    print_table(
        f"positioning over HTTP on PostgreSQL: answer + next challenge, {args.learners} "
        f"concurrent learners (aim p99 < {AIM_P99_MS:.0f} ms)",
        ["learners", "answers", "p50 ms", "p99 ms", "mean ms", "max ms", "answers/s"],
        [
            (
                label,
                int(r["answers"]),
                r["p50_ms"],
                r["p99_ms"],
                r["mean_ms"],
                r["max_ms"],
                r["answers_per_s"],
            )
            for label, r in runs.items()
        ],
    )
    write_json("positioning", {"quick": args.quick, "aim_p99_ms": AIM_P99_MS, "runs": runs})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
