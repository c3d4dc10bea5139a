"""Event store benchmark: ledger appends and projection catch-up against raw SQL baselines.

    python -m benchmarks.bench_store [--assessments N] [--answers K] [--quick]

In one process and one throwaway PostgreSQL database, then on the embedded SQLite store:
- append: ledger commands (start, then serve + answer K times) against a raw INSERT of the
  very same stored payloads into a plain table, one transaction per event on both sides. The
  two sides alternate, one assessment's events at a time, so a busy machine slows both alike;
  besides the rates, the CPU each side used per event is printed (this process, plus the
  PostgreSQL server processes of the benchmark's database, read from /proc);
- catch-up: the challenge statistics view caught up from empty against a raw ordered scan of
  the stored events in batches of the same size (best of a few alternated runs); a rebuild
  (catch-up after reading the whole log once to check every event is readable) is printed too.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Clock:
    """Wall time and CPU time spent on one side of a comparison."""

    wall: float = 0.0
    cpu: float = 0.0
    items: int = 0

    @contextmanager
    def timing(self, server_cpu: Callable[[], float]) -> Iterator[None]:
        server = server_cpu()
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu
        self.cpu += server_cpu() - server

    @property
    def rate(self) -> float:
        return self.items / self.wall

    @property
    def cpu_us(self) -> float:
        return self.cpu / self.items * 1e6


def no_server() -> float:
    return 0.0


def postgres_backends_cpu(conn: psycopg.Connection[Any]) -> Callable[[], float]:
    """CPU seconds used so far by the other server processes of ``conn``'s database."""

    def cpu() -> float:
        pids = [
            r[0]
            for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
        ]
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # another machine, or the backend just ended
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / TICKS

    return cpu


def answer_plan(ledger: CertificationLedger, answers: int) -> list[tuple[Any, str, str]]:
    """The challenges served and both answers given to each (computed before any timing)."""
    pool = [c for c in ledger.bank.servable_challenges("1.1") if c.timer is None][:answers]
    return [(c, solution_as_answer(checkable(c)), "faux") for c in pool]


def record_assessment(
    ledger: CertificationLedger, plan: list[tuple[Any, str, str]], n: int
) -> None:
    """One assessment: a start, then a served challenge and an answer per planned challenge."""
    aid = ledger.start_assessment(
        kind="DEMO",
        subject_id=SubjectId(uuid.uuid4()),
        scope="1.1",
        started_at=T0,
        actor=BENCH_ACTOR,
    )
    for i, (challenge, right, wrong) in enumerate(plan):
        at = T0 + timedelta(seconds=60 * i)
        ledger.serve_challenge(
            aid,
            challenge.id,
            selection={"algorithm": "bench", "version": 1, "draw": n},
            served_at=at,
            actor=BENCH_ACTOR,
        )
        value = right if (n + i) % 3 else wrong
        ledger.record_answer(
            aid, challenge.id, value, answered_at=at + timedelta(seconds=20), actor=BENCH_ACTOR
        )


def run_ledger_workload(ledger: CertificationLedger, assessments: int, answers: int) -> int:
    """Record ``assessments`` runs of ``answers`` answers each; return events recorded."""
    plan = answer_plan(ledger, answers)
    before = ledger.recorder.max_notification_id() or 0
    for n in range(assessments):
        record_assessment(ledger, plan, n)
    return (ledger.recorder.max_notification_id() or 0) - before


def alternate_appends(
    ledger: CertificationLedger,
    assessments: int,
    answers: int,
    read_new: Callable[[int], list[tuple[Any, ...]]],
    raw_insert: Callable[[tuple[Any, ...]], None],
    server_cpu: Callable[[], float],
) -> tuple[Clock, Clock]:
    """Ledger and raw appends, one assessment's events on each side in turn."""
    plan = answer_plan(ledger, answers)
    record_assessment(ledger, plan, -1)  # warm-up: connections, prepared statements, caches
    ledger_side, raw_side = Clock(), Clock()
    for n in range(assessments):
        head = ledger.recorder.max_notification_id() or 0
        with ledger_side.timing(server_cpu):
            record_assessment(ledger, plan, n)
        rows = read_new(head)
        ledger_side.items += len(rows)
        with raw_side.timing(server_cpu):
            for row in rows:
                raw_insert(row)
        raw_side.items += len(rows)
    return ledger_side, raw_side


def alternate_reads(
    container: bootstrap.Container, scan: Callable[[], int], server_cpu: Callable[[], float]
) -> tuple[Clock, Clock, Clock]:
    """Best catch-up, raw scan and rebuild of REPEATS alternated runs (rates per log event)."""
    runner = container.runners["challenge_statistics"]
    best: list[Clock] = [Clock(wall=float("inf")) for _ in range(3)]

    def catch_up() -> int:
        runner.view.reset(container.ledger.name)
        clock = Clock()
        with clock.timing(server_cpu):
            runner.catch_up()
        clock.items = runner.position()
        return _keep(0, clock)

    def keep_scan() -> int:
        clock = Clock()
        with clock.timing(server_cpu):
            clock.items = scan()
        return _keep(1, clock)

    def rebuild() -> int:
        clock = Clock()
        with clock.timing(server_cpu):
            runner.rebuild()
        clock.items = runner.position()
        return _keep(2, clock)

    def _keep(i: int, clock: Clock) -> int:
        if clock.wall / max(clock.items, 1) < best[i].wall / max(best[i].items, 1):
            best[i] = clock
        return clock.items

    for _ in range(REPEATS):
        catch_up()
        keep_scan()
        rebuild()
    return best[0], best[1], best[2]


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


_COLUMNS = "originator_id, originator_version, topic, state"


def bench_postgres(url: str, assessments: int, answers: int, batch: int) -> dict[str, float]:
    container = bootstrap.build(Settings(database_url=url, env="demo"))
    try:
        container.runners["challenge_statistics"].batch_size = batch
        with (
            psycopg.connect(url, autocommit=True) as conn,
            psycopg.connect(url, autocommit=True) as monitor,
        ):
            server_cpu = postgres_backends_cpu(monitor)
            conn.execute(
                "CREATE TABLE raw_events (id bigserial PRIMARY KEY, originator_id uuid, "
                "originator_version bigint, topic text, state bytea)"
            )

            def read_new(after: int) -> list[tuple[Any, ...]]:
                return conn.execute(
                    f"SELECT {_COLUMNS} FROM ledger_events WHERE notification_id > %s "
                    "ORDER BY notification_id",
                    (after,),
                ).fetchall()

            def raw_insert(row: tuple[Any, ...]) -> None:
                # autocommit: one transaction per event, as the ledger does
                conn.execute(
                    f"INSERT INTO raw_events ({_COLUMNS}) VALUES (%s, %s, %s, %s)",
                    row,
                    prepare=True,
                )

            appends = alternate_appends(
                container.ledger, assessments, answers, read_new, raw_insert, server_cpu
            )

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

            reads = alternate_reads(container, scan, server_cpu)
        return _result(*appends, *reads)
    finally:
        container.close()


def bench_sqlite(home: Path, assessments: int, answers: int, batch: int) -> dict[str, float]:
    settings = Settings(home=home)
    container = bootstrap.build(settings)
    try:
        container.runners["challenge_statistics"].batch_size = batch
        conn = sqlite3.connect(settings.sqlite_path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE raw_events (id INTEGER PRIMARY KEY, originator_id TEXT, "
            "originator_version INTEGER, topic TEXT, state BLOB)"
        )

        def read_new(after: int) -> list[tuple[Any, ...]]:
            return conn.execute(
                f"SELECT {_COLUMNS} FROM stored_events WHERE rowid > ? ORDER BY rowid", (after,)
            ).fetchall()

        def raw_insert(row: tuple[Any, ...]) -> None:
            conn.execute("BEGIN")
            conn.execute(f"INSERT INTO raw_events ({_COLUMNS}) VALUES (?, ?, ?, ?)", row)
            conn.execute("COMMIT")

        appends = alternate_appends(
            container.ledger, assessments, answers, read_new, raw_insert, no_server
        )

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

        reads = alternate_reads(container, scan, no_server)
        conn.close()
        return _result(*appends, *reads)
    finally:
        container.close()


def _result(
    ledger: Clock, raw: Clock, catch_up: Clock, scan: Clock, rebuild: Clock
) -> dict[str, float]:
    return {
        "events": ledger.items,
        "ledger_append_per_s": ledger.rate,
        "raw_insert_per_s": raw.rate,
        "append_ratio": ledger.rate / raw.rate,
        "ledger_append_cpu_us": ledger.cpu_us,
        "raw_insert_cpu_us": raw.cpu_us,
        "catch_up_per_s": catch_up.rate,
        "raw_scan_per_s": scan.rate,
        "catch_up_ratio": catch_up.rate / scan.rate,
        "catch_up_cpu_us": catch_up.cpu_us,
        "raw_scan_cpu_us": scan.cpu_us,
        "rebuild_per_s": rebuild.rate,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--assessments", type=int, default=100)
    parser.add_argument("--answers", type=int, default=16)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    parser.add_argument(
        "--backend", choices=("postgres", "sqlite"), action="append", help="only these (repeat)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.assessments, args.answers = 10, 8
    backends = args.backend or ["postgres", "sqlite"]
    results = {}
    if "postgres" in backends:
        with postgres_database(args.admin_url) as url:
            results["postgres"] = bench_postgres(url, args.assessments, args.answers, args.batch)
    if "sqlite" in backends:
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
            r["rebuild_per_s"],
            f"{r['ledger_append_cpu_us']:.0f} / {r['raw_insert_cpu_us']:.0f}",
            f"{r['catch_up_cpu_us']:.1f} / {r['raw_scan_cpu_us']:.1f}",
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
            "rebuild/s",
            "append CPU us/event",
            "catch-up CPU us/event",
        ],
        rows,
    )
    print(
        "CPU: this process plus (PostgreSQL) the database's server processes, ledger / raw; "
        "sides alternate, so both see the same machine load"
    )
    write_json("store", {"parameters": vars(args), "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
