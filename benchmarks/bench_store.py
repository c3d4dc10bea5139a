"""Event store benchmark: ledger appends and projection catch-up against raw SQL baselines.

    python -m benchmarks.bench_store [--assessments N] [--answers K] [--quick]

In one process and one throwaway PostgreSQL database:
- append: ledger commands (start, then serve + answer K times) against a raw psycopg INSERT
  of the very same stored payloads into a plain table, one transaction per event on both sides;
- catch-up: rebuilding the challenge statistics view from the log against a raw ordered scan
  of the stored events table in batches of the same size.
The same two measures also run on the embedded SQLite store against raw sqlite3.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql

from api import bootstrap
from api.settings import Settings
from benchmarks.report import print_table, write_json
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from domain.ids import SubjectId

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
REPEATS = 3
BENCH_ACTOR = Actor.system("bench")


def best_rate(count: Callable[[], int]) -> float:
    """Items per second of the fastest of REPEATS runs (both sides of a ratio get the same)."""
    rates = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        n = count()
        rates.append(n / (time.perf_counter() - t))
    return max(rates)


def run_ledger_workload(ledger: CertificationLedger, assessments: int, answers: int) -> int:
    """Record ``assessments`` runs of ``answers`` answers each; return events recorded."""
    pool = [c for c in ledger.bank.servable_challenges("1.1") if c.timer is None][:answers]
    before = ledger.recorder.max_notification_id() or 0
    for n in range(assessments):
        aid = ledger.start_assessment(
            kind="DEMO",
            subject_id=SubjectId(uuid.uuid4()),
            scope="1.1",
            started_at=T0,
            actor=BENCH_ACTOR,
        )
        for i, challenge in enumerate(pool):
            at = T0 + timedelta(seconds=60 * i)
            ledger.serve_challenge(
                aid,
                challenge.id,
                selection={"algorithm": "bench", "version": 1, "draw": n},
                served_at=at,
                actor=BENCH_ACTOR,
            )
            value = solution_as_answer(checkable(challenge)) if (n + i) % 3 else "faux"
            ledger.record_answer(
                aid, challenge.id, value, answered_at=at + timedelta(seconds=20), actor=BENCH_ACTOR
            )
    return (ledger.recorder.max_notification_id() or 0) - before


def catch_up_rate(container: bootstrap.Container, batch: int) -> float:
    """Log events per second a rebuild advances through (topic filtering happens in the store)."""
    runner = container.runners["challenge_statistics"]
    runner.batch_size = batch

    def rebuild() -> int:
        runner.rebuild()
        return runner.position()

    return best_rate(rebuild)


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    name = f"certledger_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield admin_url.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def bench_postgres(url: str, assessments: int, answers: int, batch: int) -> dict[str, float]:
    container = bootstrap.build(Settings(database_url=url, env="demo"))
    try:
        t = time.perf_counter()
        events = run_ledger_workload(container.ledger, assessments, answers)
        ledger_append = events / (time.perf_counter() - t)
        with psycopg.connect(url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT originator_id, originator_version, topic, state FROM ledger_events "
                "ORDER BY notification_id"
            ).fetchall()
            conn.execute(
                "CREATE TABLE raw_events (id bigserial PRIMARY KEY, originator_id uuid, "
                "originator_version bigint, topic text, state bytea)"
            )
            t = time.perf_counter()
            for row in rows:  # autocommit: one transaction per event, as the ledger does
                conn.execute(
                    "INSERT INTO raw_events (originator_id, originator_version, topic, state) "
                    "VALUES (%s, %s, %s, %s)",
                    row,
                    prepare=True,
                )
            raw_append = len(rows) / (time.perf_counter() - t)

            def scan() -> int:
                scanned, last = 0, 0
                while True:
                    got = conn.execute(
                        "SELECT * FROM ledger_events WHERE notification_id > %s "
                        "ORDER BY notification_id LIMIT %s",
                        (last, batch),
                        prepare=True,
                    ).fetchall()
                    if not got:
                        return scanned
                    scanned += len(got)
                    last = got[-1][-1]

            raw_scan = best_rate(scan)
        catch_up = catch_up_rate(container, batch)
        return _result(events, ledger_append, raw_append, catch_up, raw_scan)
    finally:
        container.close()


def bench_sqlite(home: Path, assessments: int, answers: int, batch: int) -> dict[str, float]:
    settings = Settings(home=home)
    container = bootstrap.build(settings)
    try:
        t = time.perf_counter()
        events = run_ledger_workload(container.ledger, assessments, answers)
        ledger_append = events / (time.perf_counter() - t)
        conn = sqlite3.connect(settings.sqlite_path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        rows = conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid"
        ).fetchall()
        conn.execute(
            "CREATE TABLE raw_events (id INTEGER PRIMARY KEY, originator_id TEXT, "
            "originator_version INTEGER, topic TEXT, state BLOB)"
        )
        t = time.perf_counter()
        for row in rows:
            conn.execute("BEGIN")
            conn.execute(
                "INSERT INTO raw_events (originator_id, originator_version, topic, state) "
                "VALUES (?, ?, ?, ?)",
                row,
            )
            conn.execute("COMMIT")
        raw_append = len(rows) / (time.perf_counter() - t)

        def scan() -> int:
            scanned, last = 0, 0
            while True:
                got = conn.execute(
                    "SELECT rowid, * FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    (last, batch),
                ).fetchall()
                if not got:
                    return scanned
                scanned += len(got)
                last = got[-1][0]

        raw_scan = best_rate(scan)
        conn.close()
        catch_up = catch_up_rate(container, batch)
        return _result(events, ledger_append, raw_append, catch_up, raw_scan)
    finally:
        container.close()


def _result(
    events: int, ledger: float, raw: float, catch_up: float, scan: float
) -> dict[str, float]:
    return {
        "events": events,
        "ledger_append_per_s": ledger,
        "raw_insert_per_s": raw,
        "append_ratio": ledger / raw,
        "catch_up_per_s": catch_up,
        "raw_scan_per_s": scan,
        "catch_up_ratio": catch_up / scan,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--assessments", type=int, default=100)
    parser.add_argument("--answers", type=int, default=16)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    args = parser.parse_args(argv)
    if args.quick:
        args.assessments, args.answers = 10, 8
    results = {}
    with postgres_database(args.admin_url) as url:
        results["postgres"] = bench_postgres(url, args.assessments, args.answers, args.batch)
    with tempfile.TemporaryDirectory() as home:
        results["sqlite"] = bench_sqlite(Path(home), args.assessments, args.answers, args.batch)
    rows = [
        (
            backend,
            int(r["events"]),
            r["ledger_append_per_s"],
            r["raw_insert_per_s"],
            f"{r['append_ratio']:.0%}",
            r["catch_up_per_s"],
            r["raw_scan_per_s"],
            f"{r['catch_up_ratio']:.0%}",
        )
        for backend, r in results.items()
    ]
    print_table(
        "event store: ledger vs raw SQL (events per second; aim append >= 50%, catch-up >= 30%)",
        [
            "backend",
            "events",
            "ledger append/s",
            "raw insert/s",
            "append",
            "catch-up/s",
            "raw scan/s",
            "catch-up",
        ],
        rows,
    )
    write_json("store", {"parameters": vars(args), "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
