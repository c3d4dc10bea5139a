"""The jury's costs on the embedded store: a course's file, a decision with its rescoring,
and the work queue over many sessions.

    python -m benchmarks.bench_jury [--repeat 30] [--sessions 2000] [--quick]

One finalised ten-candidate session is made by the demo's certification chapter in a
throwaway SQLite home. Timed: building a course's jury file (every question, capacity after
each answer), a fraud rejection or its withdrawal (load, rescore, save), the pure rescoring
alone (the baseline of the decision), and listing the queue over ``--sessions`` synthetic
finalised sessions. Prints milliseconds per operation and the decision / pure-rescoring ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import Tracking

from api import bootstrap
from api.demos.certification import run_certification_demo
from api.settings import Settings
from benchmarks.report import print_table, write_json
from domain.actors import Actor
from jury.application import JuryLedger
from jury.rescoring import configuration_from, inputs_of, rescore
from projections.jury_queue.view import UPSERT

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
REVIEWER = Actor(id="bench-reviewer", role="CERTIF")


def timed(repeat: int, op: Callable[[int], object]) -> float:
    """Milliseconds per call of ``op(i)``, over ``repeat`` calls."""
    began = time.perf_counter()
    for i in range(repeat):
        op(i)
    return (time.perf_counter() - began) * 1000 / repeat


def queue_rows(sessions: int) -> list[Any]:
    """Changes for ``sessions`` finalised sessions of 10 courses and 2 reports each."""
    changes: list[Any] = []
    for n in range(sessions):
        sid = str(uuid4())
        fields = {"centre_id": "c", "centre_name": f"Centre {n % 40}", "date": "2026-11-22",
                  "time": "09:00", "version": 3, "finalized_at": START.isoformat()}  # fmt: skip
        changes.append((UPSERT, "sessions", sid, fields))
        for c in range(10):
            changes.append(
                (UPSERT, "courses", f"{sid}/{c}", {"session_id": sid, "status": "validated"})
            )
        for r in range(2):
            changes.append(
                (UPSERT, "reports", f"{sid}/{r}", {"session_id": sid, "impactful": r == 0})
            )
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.sessions = 5, 200
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home), password_hash_log2_n=10)
        container = bootstrap.build(settings, read_models=["jury_queue"])
        try:
            ledger = container.ledger
            assert isinstance(ledger, JuryLedger)
            quiet: Callable[[str], None] = lambda _: None  # noqa: E731
            run_certification_demo(container, quiet, start=START, seed=7)
            runner = container.runners["jury_queue"]
            runner.catch_up()
            entry = runner.view.list_sessions()[-1]
            session = ledger.jury_session(UUID(entry.session_id))
            course_id = session["courses"][0]["course_id"]
            at = START + timedelta(days=1)
            course, case = ledger.get_course(course_id), ledger.find_case(course_id)
            previous = ledger.latest_result(course, case)
            assert previous is not None
            results = {
                "course file": timed(args.repeat, lambda _: ledger.jury_course(course_id)),
                "pure rescoring": timed(
                    args.repeat,
                    lambda _: rescore(
                        course, ledger.bank, inputs_of(case), configuration_from(previous)
                    ),
                ),
                "decision (load, rescore, save)": timed(
                    args.repeat,
                    lambda i: (ledger.unreject_for_fraud if i % 2 else ledger.reject_for_fraud)(
                        course_id, reason="bench", at=at + timedelta(seconds=i), actor=REVIEWER
                    ),
                ),
            }
            runner.view.reset("ledger")
            runner.view.apply(queue_rows(args.sessions), Tracking("bench", 1))
            results[f"queue list ({args.sessions} sessions)"] = timed(
                max(3, args.repeat // 10), lambda _: runner.view.list_sessions(status="finalized")
            )
        finally:
            container.close()
    ratio = results["decision (load, rescore, save)"] / results["pure rescoring"]
    print_table(
        "Jury operations on SQLite (ms per operation)",
        ["operation", "ms"],
        list(results.items()),
    )
    print(f"decision / pure rescoring: {ratio:.2f}x")
    write_json("jury", {"parameters": vars(args), "ms": results, "decision_vs_rescoring": ratio})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
