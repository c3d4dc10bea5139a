"""Read-side ordering: the watermark against taking the library's table lock back (ADR 1100).

    python -m benchmarks.bench_watermark [--writers 8] [--events 400] [--quick]

In one throwaway PostgreSQL database, ``--writers`` threads append single-event saves through
the ledger's insert function while one runner follows the log, twice: once as shipped (the
function takes no lock; the follower waits at the watermark) and once with the function
rewritten to take ``LOCK TABLE ... IN EXCLUSIVE MODE`` first (the library's plain-path order,
no watermark needed). Prints appends per second for both and their ratio.
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any, ClassVar
from uuid import UUID

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from api.settings import Settings
from benchmarks.bench_store import postgres_database
from benchmarks.report import print_table, write_json
from domain.ledger_base import LedgerBase
from projections.watermark import watermark


class Tick(Aggregate):
    @event("Ticked")
    def tick(self) -> None:
        pass


class TickLedger(Application[UUID]):
    name = "ledger"
    env: ClassVar[dict[str, str]] = dict(LedgerBase.env)


def lock_in_function(app: TickLedger) -> None:
    """Rewrite the insert function so it takes the table lock before inserting."""
    recorder = app.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    lock = sql.SQL("LOCK TABLE {}.{} IN EXCLUSIVE MODE;").format(
        sql.Identifier(recorder.datastore.schema), sql.Identifier(recorder.events_table_name)
    )
    with recorder.datastore.get_connection() as conn:
        body = recorder.sql_create_pg_function_insert_events.as_string(conn)
        conn.execute(body.replace("NOTIFY", lock.as_string(conn) + " NOTIFY", 1).encode())


def run(url: str, schema: str, writers: int, events: int, locked: bool) -> dict[str, Any]:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    env = Settings(database_url=f"{url}?schema={schema}").ledger_env()
    env["POSTGRES_POOL_SIZE"] = str(writers + 2)
    if locked:  # the library's recorder, whose insert function can take the lock back
        env["APPLICATION_RECORDER_TOPIC"] = "eventsourcing.postgres:PostgresApplicationRecorder"
    app = TickLedger(env)
    try:
        if locked:
            lock_in_function(app)
        counters = [Tick() for _ in range(writers)]
        app.save(*counters)
        done = threading.Event()
        rounds = [0]

        def follow() -> None:
            position = 0
            while not done.is_set():
                position = watermark(app.recorder, position) if not locked else position
                rounds[0] += 1

        def write(counter_id: UUID) -> None:
            for _ in range(events):
                counter: Tick = app.repository.get(counter_id)
                counter.tick()
                app.save(counter)

        follower = threading.Thread(target=follow)
        follower.start()
        threads = [threading.Thread(target=write, args=(c.id,)) for c in counters]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - t
        done.set()
        follower.join()
        return {
            "appends": writers * events,
            "seconds": elapsed,
            "per_s": writers * events / elapsed,
        }
    finally:
        app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--events", type=int, default=400, help="saves per writer")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.events = 50
    results: dict[str, dict[str, Any]] = {}
    with postgres_database(args.admin_url) as url:
        # Alternate the two layouts so background load falls on both alike.
        for n in range(2):
            for locked in (False, True):
                key = "table lock in function" if locked else "watermark (no lock)"
                r = run(url, f"w{n}_{int(locked)}", args.writers, args.events, locked)
                best = results.get(key)
                if best is None or r["per_s"] > best["per_s"]:
                    results[key] = r
    base = results["table lock in function"]["per_s"]
    rows = [
        (k, int(r["appends"]), r["per_s"], f"{r['per_s'] / base:.2f}") for k, r in results.items()
    ]
    print_table(
        f"PostgreSQL append, {args.writers} concurrent writers with a follower (best of 2)",
        ["write path", "appends", "appends/s", "vs lock"],
        rows,
    )
    write_json("watermark", {"parameters": vars(args), "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
