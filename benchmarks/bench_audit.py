"""Audit log benchmark: the cost of keeping the log, and ``audit verify`` per 100,000 events.

    python -m benchmarks.bench_audit [--assessments N] [--answers K] [--events E] [--quick]

On PostgreSQL (a throwaway database) and on embedded SQLite, in one process:
- append: the same ledger workload (start, then serve + answer K times, N times) run twice
  alternately, once with no follower and once with the audit log following in a thread as the
  server runs it (catch-up, subtree hashes, checkpoints every 1,000 events); events per second;
- verify: the store is grown to E events by bulk-copying stored rows under new aggregate ids
  (the log hashes bytes, so copies cost what real events cost), the log catches up and signs a
  checkpoint, then ``audit verify`` recomputes every leaf from the store and checks it; the
  time is scaled to 100,000 events when E differs (said in the table).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from api import bootstrap
from api.settings import Settings
from benchmarks.bench_store import postgres_database, run_ledger_workload
from benchmarks.report import print_table, write_json

PER = 100_000


def append_rates(settings: Settings, assessments: int, answers: int) -> dict[str, float]:
    """Best events/s of two alternating runs each, without and with the audit log following."""
    rates: dict[str, list[float]] = {"without log": [], "with log": []}
    container = bootstrap.build(settings, read_models=["audit_log"])
    try:
        runner = container.runners["audit_log"]
        run_ledger_workload(container.ledger, 2, answers)  # warm-up: pools, caches, connections
        runner.catch_up()
        for _ in range(2):
            for mode in ("without log", "with log"):
                stop = threading.Event()
                follower = threading.Thread(target=runner.follow, args=(stop, 0.05), daemon=True)
                if mode == "with log":
                    follower.start()
                t = time.perf_counter()
                events = run_ledger_workload(container.ledger, assessments, answers)
                rates[mode].append(events / (time.perf_counter() - t))
                stop.set()
                if mode == "with log":
                    follower.join()
                runner.catch_up()  # the log keeps up either way; only the append is timed
    finally:
        container.close()
    return {mode: max(values) for mode, values in rates.items()}


def grow_postgres(url: str, target: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            row = conn.execute("SELECT count(*) FROM ledger_events").fetchone()
            have = int(row[0]) if row else 0
            if have >= target:
                return
            conn.execute(
                "INSERT INTO ledger_events (originator_id, originator_version, topic, state) "
                "SELECT gen_random_uuid(), originator_version, topic, state FROM ledger_events "
                "ORDER BY notification_id LIMIT %s",
                (target - have,),
            )


def grow_sqlite(path: Path, target: int) -> None:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT originator_version, topic, state FROM stored_events ORDER BY rowid"
        ).fetchall()
        have = len(rows)
        copies: list[tuple[str, int, str, bytes]] = []
        while have + len(copies) < target:
            version, topic, state = rows[len(copies) % len(rows)]
            copies.append((uuid.uuid4().hex, version, topic, state))
        conn.executemany(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            copies,
        )


def verify_time(settings: Settings) -> dict[str, float]:
    container = bootstrap.build(settings, read_models=["audit_log"])
    try:
        log = container.audit
        assert log is not None
        runner = container.runners["audit_log"]
        t = time.perf_counter()
        runner.catch_up()
        build = time.perf_counter() - t
        log.checkpointer.issue()
        t = time.perf_counter()
        report = log.verify()
        seconds = time.perf_counter() - t
        assert report.ok, report.findings
        return {"events": report.events, "log_build_s": build, "verify_s": seconds}
    finally:
        container.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--assessments", type=int, default=40)
    parser.add_argument("--answers", type=int, default=12)
    parser.add_argument("--events", type=int, default=PER, help="store size for verify")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    args = parser.parse_args(argv)
    if args.quick:
        args.assessments, args.answers, args.events = 6, 6, 5_000
    results: dict[str, dict[str, Any]] = {}
    with postgres_database(args.admin_url) as url:
        settings = Settings(database_url=url, home=Path(tempfile.mkdtemp()), env="demo")
        results["postgres"] = append_rates(settings, args.assessments, args.answers)
        grow_postgres(url, args.events)
        results["postgres"].update(verify_time(settings))
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home))
        results["sqlite"] = append_rates(settings, args.assessments, args.answers)
        grow_sqlite(settings.sqlite_path, args.events)
        results["sqlite"].update(verify_time(settings))
    rows = []
    for backend, r in results.items():
        r["log_overhead"] = 1 - r["with log"] / r["without log"]
        r["verify_s_per_100k"] = r["verify_s"] * PER / r["events"]
        rows.append(
            (
                backend,
                r["without log"],
                r["with log"],
                f"{r['log_overhead']:.0%}",
                int(r["events"]),
                r["log_build_s"],
                r["verify_s"],
                r["verify_s_per_100k"],
            )
        )
    scaled = "" if args.events == PER else f" (measured on {args.events:,}, scaled)"
    print_table(
        f"audit log: append with and without the log kept; verify per 100,000 events{scaled}",
        ["backend", "append/s no log", "append/s log", "cost", "events", "log build s",
         "verify s", "verify s/100k"],
        rows,
    )  # fmt: skip
    write_json("audit", {"parameters": vars(args), "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
