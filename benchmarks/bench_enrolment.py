"""Enrolment of a whole CSV file on PostgreSQL: import time, then later commands on the session.

``python -m benchmarks.bench_enrolment [--candidates N] [--quick]``. The key-per-candidate
baseline is measured in the same run (the same candidates enrolled one ``create_key`` at a time
through the vault, as the import did before issue 14), so the ratio holds on a busy machine.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any
from uuid import uuid4

from api import bootstrap
from api.settings import Settings
from benchmarks.bench_store import postgres_database
from benchmarks.report import print_table, write_json
from domain.actors import Actor
from tests.factories import T0

STAFF = Actor(id="bench-staff", role="CENTER_ADMIN")
DETAILS = {"address": "a", "room": "b", "examiner": "c", "date": "2026-12-01", "time": "09:00"}
HEADER = "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,billing_mode\n"
ONE = {
    "first_name": "Zed",
    "last_name": "Last",
    "sex": "M",
    "birthdate": "2003-01-01",
    "birth_country": "FRANCE",
    "birth_insee_code": "75056",
    "billing_mode": "FREE",
}


def run(url: str, candidates: int) -> dict[str, Any]:
    settings = Settings(database_url=url, env="demo")
    container = bootstrap.build(settings, read_models=[])
    try:
        ledger = container.ledger
        centre = ledger.register_centre(
            name="Bench", centre_type="PRO", external_id=None, at=T0, actor=STAFF
        )
        session = ledger.create_session(
            centre_id=centre, details=DETAILS, at=T0, actor=STAFF, rng=random.Random(1)
        )
        rows = "".join(
            f"Ana{i},Martin{i},F,2004-01-02,FRANCE,75056,FREE\n" for i in range(candidates)
        )
        t = time.perf_counter()
        ledger.import_candidates(session, (HEADER + rows).encode(), at=T0, actor=STAFF)
        imported = time.perf_counter() - t
        t = time.perf_counter()
        ledger.enrol_candidate(session, ONE, at=T0, actor=STAFF)
        later = time.perf_counter() - t
        vault = ledger.personal_data_vault
        assert vault is not None
        t = time.perf_counter()
        for _ in range(min(candidates, 500)):  # the former way: one write per key
            vault.create_key(uuid4())
        per_key = (time.perf_counter() - t) / min(candidates, 500)
        return {
            "candidates": candidates,
            "import_s": imported,
            "per_candidate_ms": 1000 * imported / candidates,
            "later_command_s": later,
            "one_key_write_ms": 1000 * per_key,
        }
    finally:
        container.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.candidates = 1_000
    with postgres_database(args.admin_url) as url:
        r = run(url, args.candidates)
    print_table(
        f"CSV enrolment of {r['candidates']} candidates on PostgreSQL",
        ["import (s)", "per candidate (ms)", "next command (s)", "one key write (ms)"],
        [(r["import_s"], r["per_candidate_ms"], r["later_command_s"], r["one_key_write_ms"])],
    )
    write_json("enrolment", r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
