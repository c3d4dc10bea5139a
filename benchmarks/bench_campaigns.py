"""Campaigns benchmark: classes of pupils answering one campaign concurrently over HTTP.

    python -m benchmarks.bench_campaigns [--classes 30] [--pupils 30] [--answers 5]
                                         [--think 20,40] [--workers 2] [--baseline DIR] [--quick]

A throwaway PostgreSQL database; a school with ``classes`` divisions of ``pupils`` pupils, an
assessment campaign (target profile ``area-1-level-3``), every pupil joined beforehand (set up
in this process, not measured). ``certledger serve`` then runs in child processes on 127.0.0.1
only (``--workers N``: N server processes and one ``projections run`` process), and the clock
starts once every view has caught up with the set-up. Every pupil is one coroutine of this
process with its own light keep-alive connection (``light_http``): it waits ``think`` seconds
(uniform) before each answer, like a pupil reading the question, then sends the answer and
asks for the next challenge; that pair's time is the latency (p50, p99). Each pupil stops
after ``answers`` answers, and the run after ``--max-seconds`` at most, so the load is bounded
in requests and in time.

The lag of the organisation's results view: twice a second a probe thread reads the log head
straight from the store and times how long until the ``campaign_results`` view has applied it
(p50, p99, max), and once more after the last answer; it reads the store directly so that it
does not load the server it measures. Aims: p99 < 100 ms, lag < 1 s. CPU per answer is printed
by role (server processes, projections process, the PostgreSQL backends of the benchmark's
database, this client). ``--baseline DIR`` first runs the same case with the server of another
source tree (e.g. a ``git worktree`` of main): before and after in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from api import bootstrap
from api.auth.tokens import Principal
from api.settings import Settings
from benchmarks.bench_positioning import Answers, percentile, serving, wait_for_views
from benchmarks.bench_store import postgres_database
from benchmarks.light_http import Connection
from benchmarks.processes import ROLES, CpuWindow, wait_for_headroom
from benchmarks.report import print_table, write_json
from domain.actors import Actor

AIM_P99_MS = 100.0
AIM_LAG_S = 1.0
PROFILE = "area-1-level-3"
TOKEN_KEYS = json.dumps({"bench": secrets.token_urlsafe(48)})
"""Signs the pupils' tokens here and checks them in the server."""


def set_up(url: str, classes: int, pupils: int, seed: int) -> dict[str, Any]:
    """The school, its pupils (accounts joined to the campaign) and their tokens."""
    settings = Settings(database_url=url, password_hash_log2_n=10, token_keys=TOKEN_KEYS)
    container = bootstrap.build(settings, read_models=[])
    try:
        ledger = container.ledger
        assert container.auth is not None
        now = datetime.now(UTC)
        system = Actor.system("bench")
        school = ledger.create_organisation(type="SCO", name="Cité scolaire", uai="0750001A",
                                            created_at=now, actor=system)  # fmt: skip
        lines = ["first_name,last_name,birthdate,division,national_student_id"]
        who = []
        for c in range(classes):
            for p in range(pupils):
                n = c * pupils + p
                who.append((f"Eleve{n}", f"Classe{c}", date(2010, 1 + n % 12, 1 + n % 28)))
                lines.append(f"Eleve{n},Classe{c},{who[-1][2]},D{c:02d},{n:09d}AB")
        ledger.import_organisation_learners(school, ("\n".join(lines) + "\n").encode(),
                                            imported_at=now, actor=system)  # fmt: skip
        created = ledger.create_campaign(school, type="ASSESSMENT", name="Bench", created_at=now,
                                         actor=system, rng=random.Random(seed),
                                         target_profile_id=PROFILE)  # fmt: skip
        teacher = ledger.create_staff(role="ORGA_ADMIN", email="orga@bench.example.org",
                                      password="bench-password", first_name="O", last_name="A",
                                      created_at=now, actor=system)  # fmt: skip
        ledger.add_organisation_member(school, teacher, added_at=now, actor=system)
        tokens = []
        for n, (first, last, birthdate) in enumerate(who):
            user = ledger.register_learner(password="bench-password", first_name=first,
                                           last_name=last, birthdate=birthdate,
                                           username=f"bench-{n}", registered_at=now,
                                           actor=system)  # fmt: skip
            ledger.join_campaign(created.code, user, joined_at=now,
                                 actor=Actor(id=str(user), role="LEARNER"))  # fmt: skip
            pair = container.auth.tokens.issue(Principal(user_id=user, role="LEARNER"))
            tokens.append(pair.access_token)
        return {"campaign_id": str(created.campaign_id), "tokens": tokens,
                "bank": ledger.bank}  # fmt: skip
    finally:
        container.close()


async def pupil(
    host: str, port: int, answers: Answers, campaign_id: str, token: str, seed: int,
    count: int, think: tuple[float, float], deadline: float, out: dict[str, Any],
) -> None:  # fmt: skip
    """One pupil: answer up to ``count`` challenges, timing answer + next challenge."""
    rng = np.random.default_rng(seed)
    conn = Connection(host, port, token)
    base = f"/campaign-participations/{campaign_id}"
    level = float(rng.uniform(0.5, 5.0))
    try:
        await asyncio.sleep(float(rng.uniform(0, think[1])))  # pupils do not all start at once
        nxt = await conn.request("POST", f"{base}/next-challenge")
        for _ in range(count):
            if nxt["completed"] or time.monotonic() > deadline:
                return
            challenge_id = nxt["challenge"]["id"]
            value = answers(challenge_id, level, rng)
            await asyncio.sleep(float(rng.uniform(*think)))
            t = time.perf_counter()
            body = {"challenge_id": challenge_id, "value": value}
            await conn.request("POST", f"{base}/answers", body)
            nxt = await conn.request("POST", f"{base}/next-challenge")
            out["latencies"].append(time.perf_counter() - t)
            out["last_answer"] = time.monotonic()
    except Exception as e:  # reported and failing the benchmark, never hidden
        out["errors"].append(f"pupil {seed}: {type(e).__name__}: {e}")
    finally:
        await conn.close()


class LagProbe:
    """Times how long the results view takes to apply the log head read at each probe.

    Reads the store and the view's tracking directly (one connection each), so the probe does
    not load the server whose lag it measures.
    """

    def __init__(self, url: str) -> None:
        settings = Settings(database_url=url, postgres_pool_size=1, token_keys=TOKEN_KEYS)
        self.container = bootstrap.build(settings, read_models=["campaign_results"])
        self.runner = self.container.runners["campaign_results"]
        self.lags: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._probe, daemon=True)

    def lag(self, timeout: float = 30.0) -> float:
        """Seconds until the view has applied everything recorded when this was called."""
        t = time.monotonic()
        head = self.runner.head()
        while time.monotonic() - t < timeout:
            if self.runner.position() >= head:
                return time.monotonic() - t
            time.sleep(0.01)
        return timeout

    def _probe(self) -> None:
        while not self.stop.wait(0.5):
            self.lags.append(self.lag())

    def __enter__(self) -> LagProbe:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.container.close()


def run(url: str, args: argparse.Namespace, source: Path | None = None) -> dict[str, Any]:
    setup = set_up(url, args.classes, args.pupils, args.seed)
    pupils = len(setup["tokens"])
    answers = Answers(setup["bank"])
    out: dict[str, Any] = {"latencies": [], "errors": [], "last_answer": 0.0}
    # A small pool: the PostgreSQL server is shared (100 connections for every engineer).
    with serving(url, args.pool, args.workers, source=source, token_keys=TOKEN_KEYS) as (
        base_url,
        pids,
    ):
        host, port = "127.0.0.1", int(base_url.rsplit(":", 1)[1])
        wait_for_views(base_url)  # the set-up's events are not caught up on the clock
        window = CpuWindow(pids[0], url)
        with LagProbe(url) as probe:
            window.start()
            t = time.perf_counter()
            deadline = time.monotonic() + args.max_seconds

            async def drive() -> None:
                await asyncio.gather(*(
                    pupil(host, port, answers, setup["campaign_id"], token, n, args.answers,
                          args.think, deadline, out)
                    for n, token in enumerate(setup["tokens"])
                ))  # fmt: skip

            asyncio.run(drive())
            elapsed = time.perf_counter() - t
            final = probe.lag()
            used, busy = window.stop()
            lags = probe.lags or [final]
    for line in out["errors"][:20]:  # reported, and the benchmark fails (never hidden)
        print(line)
    ms = [x * 1000 for x in out["latencies"]]
    cores = os.cpu_count() or 1
    n = max(1, len(ms))
    return {
        "source": str(source) if source else "this tree",
        "pupils": pupils,
        "errors": len(out["errors"]),
        "workers": args.workers,
        "answers": len(ms),
        "seconds": elapsed,
        "answers_per_s": len(ms) / elapsed,
        "p50_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms),
        "lag_p50_s": percentile(lags, 50),
        "lag_p99_s": percentile(lags, 99),
        "lag_max_s": max(lags),
        "final_lag_s": final,
        "cpu_ms_per_answer": {role: 1000 * used[role] / n for role in ROLES},
        "machine_busy_pct": 100 * busy / (elapsed * cores),
        "others_cpu_pct": max(0.0, 100 * (busy - sum(used.values())) / (elapsed * cores)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--classes", type=int, default=30)
    parser.add_argument("--pupils", type=int, default=30, help="per class")
    parser.add_argument("--answers", type=int, default=5, help="per pupil, at most")
    parser.add_argument("--think", default="20,40", help="seconds before each answer: min,max")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pool", type=int, default=6, help="connections per server process")
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--baseline", type=Path, help="another source tree, run first")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    args = parser.parse_args(argv)
    if args.quick:
        args.classes, args.pupils, args.answers, args.think = 3, 10, 3, "1,3"
    low, high = (float(x) for x in args.think.split(","))
    args.think = (low, high)
    trees: list[tuple[str, Path | None]] = [("this tree", None)]
    if args.baseline:
        trees.insert(0, ("baseline", args.baseline.resolve()))
    runs: dict[str, dict[str, Any]] = {}
    for tree, source in trees:
        wait_for_headroom(args.admin_url)
        with postgres_database(args.admin_url) as url:
            runs[tree] = run(url, args, source)
    layout = f"{args.workers} workers + proj." if args.workers > 1 else "1 process"
    print_table(
        f"campaign over HTTP on PostgreSQL: {args.classes} classes x {args.pupils} pupils, "
        f"think {low:g}-{high:g} s (aim p99 < {AIM_P99_MS:.0f} ms, results lag < {AIM_LAG_S:g} s)",
        ["layout", "tree", "pupils", "errors", "answers", "answers/s", "p50 ms", "p99 ms",
         "max ms", "lag p50 s", "lag p99 s", "lag max s", "final lag s",
         "cpu ms/answer: server", "views", "postgres", "client", "busy", "others"],
        [(layout, tree, r["pupils"], r["errors"], r["answers"], r["answers_per_s"],
          r["p50_ms"], r["p99_ms"], r["max_ms"], r["lag_p50_s"], r["lag_p99_s"], r["lag_max_s"],
          r["final_lag_s"], *(r["cpu_ms_per_answer"][role] for role in ROLES),
          f"{r['machine_busy_pct']:.0f}%", f"{r['others_cpu_pct']:.0f}%")
         for tree, r in runs.items()],
    )  # fmt: skip
    print(
        "lag: time for the campaign_results view to apply the log head read at that moment; "
        "cpu ms/answer: CPU per answer + next challenge of the server processes, the "
        "projections process, the PostgreSQL backends of the benchmark's database and this "
        "client (less sensitive to other jobs than latency)"
    )
    write_json("campaigns", {"quick": args.quick, "aim_p99_ms": AIM_P99_MS,
                             "aim_lag_s": AIM_LAG_S, "runs": runs})  # fmt: skip
    return 1 if any(r["errors"] for r in runs.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
