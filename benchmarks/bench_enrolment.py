"""Enrolment of a whole CSV file, then the cost of each later command on that session.

``python -m benchmarks.bench_enrolment [--candidates N] [--quick] [--backends sqlite,postgres]``.

Two measures, each against a baseline taken in the same run so the ratios hold on a busy
machine:

- the import itself, against the former key-per-candidate cost (the same keys created one
  ``create_key`` at a time through the vault, as the import did before issue 14);
- each later command (let a candidate in, report an incident, add one candidate, reconcile,
  finalise) on the big session, against the same command on a 30-candidate session: a command
  must cost about the same whatever the session's size (median wall and CPU time per command).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from api import bootstrap
from api.settings import Settings
from benchmarks.bench_store import postgres_database
from benchmarks.report import print_table, write_json
from domain.actors import Actor
from domain.application import CertificationLedger
from tests.factories import T0, at
from tests.fakes import FakeProfiles

STAFF = Actor(id="bench-staff", role="CENTER_ADMIN")
INVIGILATOR = Actor(id="bench-invigilator", role="INVIGILATOR")
CANDIDATE = Actor(id="bench-candidate", role="CANDIDATE")
DETAILS = {"address": "a", "room": "b", "examiner": "c", "date": "2026-12-01", "time": "09:00"}
HEADER = "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,billing_mode\n"
SMALL = 30
"""The baseline session's size: a room."""
REPEAT = 15
"""Times each repeatable command runs per session (the median is reported)."""


def person(first: str, last: str) -> dict[str, Any]:
    return {
        "first_name": first,
        "last_name": last,
        "sex": "M",
        "birthdate": "2003-01-01",
        "birth_country": "FRANCE",
        "birth_insee_code": "75056",
        "billing_mode": "FREE",
    }


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_ms(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return (
        1000 * statistics.median(s[0] for s in samples),
        1000 * statistics.median(s[1] for s in samples),
    )


def new_session(ledger: CertificationLedger, candidates: int, seed: int) -> tuple[UUID, float]:
    """A session with ``candidates`` enrolled from one CSV file; the import's wall time."""
    centre = ledger.register_centre(
        name="Bench", centre_type="PRO", external_id=None, at=T0, actor=STAFF
    )
    session = ledger.create_session(
        centre_id=centre, details=DETAILS, at=T0, actor=STAFF, rng=random.Random(seed)
    )
    rows = "".join(f"Ana{i},Martin{i},F,2004-01-02,FRANCE,75056,FREE\n" for i in range(candidates))
    t = time.perf_counter()
    ledger.import_candidates(session, (HEADER + rows).encode(), at=T0, actor=STAFF)
    return session, time.perf_counter() - t


def later_commands(ledger: CertificationLedger, session: UUID, tag: str) -> dict[str, Any]:
    """Median ms (wall, CPU) per command on ``session``, after a warm-up load."""
    ledger.get_session(session)  # in the cache, as on a server after the import
    out: dict[str, Any] = {}
    added: list[UUID] = []
    samples = [
        timed(lambda i=i: added.append(  # type: ignore[misc]
            ledger.enrol_candidate(session, person(f"Zed{tag}{i}", "Last"), at=T0, actor=STAFF)
        ))
        for i in range(REPEAT)
    ]  # fmt: skip
    out["add one candidate"] = median_ms(samples)
    users = [uuid4() for _ in added]
    samples = [
        timed(lambda i=i: ledger.reconcile_candidate(  # type: ignore[misc]
            session, user_id=users[i], first_name=f"Zed{tag}{i}", last_name="Last",
            birthdate=date(2003, 1, 1), at=at(1), actor=CANDIDATE,
        ))
        for i in range(REPEAT)
    ]  # fmt: skip
    out["reconcile"] = median_ms(samples)
    samples = [
        timed(lambda c=c: ledger.authorize_candidate(  # type: ignore[misc]
            session, c, purpose="start", at=at(2), actor=INVIGILATOR
        ))
        for c in added
    ]  # fmt: skip
    out["let in"] = median_ms(samples)
    code = ledger.get_session(session).access_code
    courses: list[UUID] = []
    samples = [
        # A generator of its own per entry: one shared seed would draw the codes already
        # claimed again and again, and measure the redraws.
        timed(lambda u=u: courses.append(ledger.enter_session(  # type: ignore[misc]
            session, access_code=code, user_id=u, locale="fr-fr", at=at(3),
            actor=CANDIDATE, rng=random.Random(str(u)),
        )))
        for u in users
    ]  # fmt: skip
    out["enter"] = median_ms(samples)
    report = {"category": "FRAUD"}
    samples = [
        timed(lambda c=c: ledger.add_issue_report(  # type: ignore[misc]
            session, c, report, at=at(4), actor=STAFF
        ))
        for c in courses
    ]  # fmt: skip
    out["incident"] = median_ms(samples)
    reasons = dict.fromkeys(courses, "candidate")
    out["finalise"] = median_ms(
        [
            timed(
                lambda: ledger.finalize_session(
                    session,
                    examiner_global_comment=None,
                    has_incident=True,
                    has_joining_issue=False,
                    abort_reasons=reasons,
                    at=at(5),
                    actor=STAFF,
                )
            )
        ]
    )
    return out


def run(url: str, candidates: int) -> dict[str, Any]:
    settings = Settings(database_url=url, env="demo")
    container = bootstrap.build(settings, read_models=[], profiles=FakeProfiles().factory)
    try:
        ledger = container.ledger
        small, _ = new_session(ledger, SMALL, 1)
        big, imported = new_session(ledger, candidates, 2)
        vault = ledger.personal_data_vault
        assert vault is not None
        keys = min(candidates, 500)
        t = time.perf_counter()
        for _ in range(keys):  # the former way: one write per key
            vault.create_key(uuid4())
        per_key = (time.perf_counter() - t) / keys
        return {
            "candidates": candidates,
            "import_s": imported,
            "per_candidate_ms": 1000 * imported / candidates,
            "one_key_write_ms": 1000 * per_key,
            "small": later_commands(ledger, small, "s"),
            "big": later_commands(ledger, big, "b"),
        }
    finally:
        container.close()


@contextmanager
def database(backend: str, admin_url: str) -> Iterator[str]:
    if backend == "postgres":
        with postgres_database(admin_url) as url:
            yield url
    else:
        with tempfile.TemporaryDirectory() as home:
            yield f"sqlite:///{Path(home) / 'bench.db'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.candidates = 1_000
    results: dict[str, Any] = {}
    for backend in args.backends.split(","):
        with database(backend, args.admin_url) as url:
            r = results[backend] = run(url, args.candidates)
        n = r["candidates"]
        print_table(
            f"CSV enrolment of {n} candidates on {backend}",
            ["import (s)", "per candidate (ms)", "one key write (ms)"],
            [(r["import_s"], r["per_candidate_ms"], r["one_key_write_ms"])],
        )
        print_table(
            f"Later commands on {backend}: median ms per command, {SMALL} vs {n} candidates",
            ["command", f"{SMALL}: wall", "CPU", f"{n}: wall", "CPU", "CPU ratio"],
            [
                (name, *r["small"][name], *r["big"][name], r["big"][name][1] / small_cpu)
                for name in r["small"]
                if (small_cpu := max(r["small"][name][1], 1e-6))
            ],
        )
    write_json("enrolment", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
