"""Exam-peak benchmark: candidates sitting the v3 test at once, over HTTP, on PostgreSQL.

    python -m benchmarks.bench_exam_peak [--workers 2] [--rate 500] [--think-ms 400]
        [--seats 60] [--duration 10] [--server-tree DIR] [--quick]

Set-up, not measured, in a throwaway database: sessions of 20 candidates, each enrolled by
CSV, reconciled (certifiability is faked here: the answer path never reads it), let in by the
invigilator and entered. ``certledger serve`` then starts on loopback (one process, and
``--workers N``); every candidate signs in and gets the first question over HTTP, and the
views are caught up (every lag 0 in ``/health``) before the clock starts.

Load comes from ``wrk`` (Debian's package) running ``benchmarks/exam_peak.lua``: one thread
per seat, each seat playing its candidates one after the other, every request an answer whose
reply carries the next question (one request per question). Two scenarios per layout:
- no pause: ``--seats`` candidates answer as fast as the replies come (maximum throughput);
- arrival rate: ``--rate`` answers per second from ``rate x think`` seats, each sending an
  answer every ``--think-ms`` on average (0.5-1.5 times, from its previous send).
Latency is wrk's, from writing a request to reading its whole reply. CPU per answer is read
from ``/proc`` for the server's processes (workers; views), PostgreSQL (this database's
backends) and the client (wrk), over the measured run.
``--server-tree`` serves from another checkout (a before/after comparison in one session).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import numpy as np

from api import bootstrap
from api.settings import Settings
from benchmarks.bench_positioning import free_port as _free_port
from benchmarks.bench_store import postgres_database
from benchmarks.processes import CpuWindow, stop_server
from benchmarks.report import print_table, write_json
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.bank import ItemBank, load_default_bank
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from domain.ports import AggregateReader
from domain.positioning.certifiability import Certifiability
from domain.positioning.simulation import wrong_answer

AIM_ANSWERS_PER_S = 500.0
AIM_P99_MS = 100.0
PASSWORD = "exam-peak-password"
SESSION_SIZE = 20  # a room; the session aggregate is copied on each set-up command
POOL_PER_PROCESS = 5  # PostgreSQL allows 100 connections, shared by everyone on the machine
QUESTIONS = 32
SCRIPT = Path(__file__).resolve().parent / "exam_peak.lua"
SETUP = Actor.system("bench-setup")
STARTUP_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Candidate:
    email: str
    course: UUID
    theta: float


class Certifiable:
    """Certification's positioning port saying yes to everyone (set-up speed only)."""

    def __init__(self, find: AggregateReader, framework: Any, bank: ItemBank) -> None:
        self.codes = [c.code for c in framework.competences][:6]

    def get_certifiability(self, learner_id: UUID, at: datetime) -> Certifiability:
        return Certifiability(True, dict.fromkeys(self.codes, 3), 3 * 8 * 6, at)

    def get_v2_profile(self, learner_id: UUID, at: datetime, locale: str) -> Any:
        raise NotImplementedError("v3 sessions only")


def prepare(url: str, count: int) -> list[Candidate]:
    """``count`` candidates, each in the test (course started), in sessions of 20."""
    settings = Settings(database_url=url, password_hash_log2_n=10, env="demo")
    container = bootstrap.build(settings, read_models=[], profiles=Certifiable)
    ledger: CertificationLedger = container.ledger
    thetas = np.random.default_rng(1).uniform(-1.5, 3.5, count)
    try:
        now = datetime.now(UTC)
        centre = ledger.register_centre(
            name="Centre de charge", centre_type="PRO", external_id=None, at=now, actor=SETUP
        )
        found: list[Candidate] = []
        for start in range(0, count, SESSION_SIZE):
            size = min(SESSION_SIZE, count - start)
            found += _session(ledger, centre, start, size, now, thetas)
        return found
    finally:
        container.close()


def _session(
    ledger: CertificationLedger,
    centre: UUID,
    start: int,
    size: int,
    now: datetime,
    thetas: np.ndarray[Any, Any],
) -> list[Candidate]:
    details = {"address": "Site", "room": f"Salle {start}", "examiner": "Bench"}
    session_id = ledger.create_session(
        centre_id=centre,
        at=now,
        actor=SETUP,
        rng=random.Random(start),
        details={**details, "date": now.date().isoformat(), "time": "09:00"},
    )
    rows, people = [], []
    for n in range(start, start + size):
        first, last = f"Cand{n:05d}", f"Peak{n:05d}"
        email = f"cand{n:05d}@exam-peak.test"
        user = ledger.register_learner(
            password=PASSWORD,
            first_name=first,
            last_name=last,
            birthdate=datetime(2004, 1, 1).date(),
            email=email,
            registered_at=now - timedelta(days=60),
            actor=SETUP,
        )
        rows.append(f"{first},{last},F,2004-01-01,FRANCE,75056,FREE\n")
        people.append((email, user, first, last, float(thetas[n])))
    header = "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,billing_mode\n"
    ids = ledger.import_candidates(
        session_id, (header + "".join(rows)).encode(), at=now, actor=SETUP
    )
    code = ledger.get_session(session_id).access_code
    found = []
    for (email, user, first, last, theta), candidate in zip(people, ids, strict=True):
        me = Actor(id=str(user), role="CANDIDATE")
        ledger.reconcile_candidate(
            session_id,
            user_id=user,
            first_name=first,
            last_name=last,
            birthdate=datetime(2004, 1, 1).date(),
            at=now,
            actor=me,
        )
        ledger.authorize_candidate(session_id, candidate, purpose="start", at=now, actor=SETUP)
        course = ledger.enter_session(
            session_id,
            access_code=code,
            user_id=user,
            locale="fr-fr",
            at=now,
            actor=me,
            rng=random.Random(user.int),
        )
        found.append(Candidate(email, course, theta))
    return found


@contextmanager
def serving(
    url: str, workers: int, tree: Path | None, views: bool = True
) -> Iterator[tuple[str, int, subprocess.Popen[bytes]]]:
    """``certledger serve [--workers N]`` on loopback (from ``tree`` if given)."""
    port = _free_port()
    env = {
        **os.environ,
        "CERTLEDGER_DATABASE_URL": url,
        "CERTLEDGER_POSTGRES_POOL_SIZE": str(POOL_PER_PROCESS),
        "CERTLEDGER_PASSWORD_HASH_LOG2_N": "10",
        "CERTLEDGER_RUN_PROJECTIONS_IN_APP": "true" if views else "false",
        "CERTLEDGER_HEALTH_MAX_PROJECTION_LAG": "100000000",
        "CERTLEDGER_TOKEN_KEYS": json.dumps({"bench": secrets.token_urlsafe(48)}),
        "CERTLEDGER_ACCESS_TOKEN_TTL": "3600",
    }
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    command = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    # The old tree's uvicorn logged every request: keep its output off the terminal.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, env=env, cwd=tree, stdout=log, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while _views_lag(base_url, views) is None:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-3000:]
                    raise SystemExit(f"the server at {base_url} did not start:\n{tail}")
                time.sleep(0.2)
            yield base_url, port, server
        finally:
            stop_server(server, workers)


def _views_lag(base_url: str, views: bool = True) -> int | None:
    """The lag of the views furthest behind (0 when nothing keeps them: ``views=False``)."""
    try:
        reply = httpx.get(f"{base_url}/health", timeout=10)
    except httpx.TransportError:
        return None
    if reply.status_code not in (200, 503):
        return None
    if not views:
        return 0
    return max((p["lag"] for p in reply.json().get("projections", [])), default=0)


def catch_up_views(base_url: str, views: bool, timeout: float = 300.0) -> None:
    """Wait until every view has read the whole log (so none catches up while measured)."""
    deadline = time.monotonic() + timeout
    while (lag := _views_lag(base_url, views)) != 0:
        if time.monotonic() > deadline:
            raise SystemExit(f"views still {lag} events behind after {timeout:.0f} s")
        time.sleep(0.5)


def sign_in(base_url: str, candidates: list[Candidate]) -> list[tuple[Candidate, str, str]]:
    """Per candidate: an access token and the first question (served now, before the clock)."""
    seated = []
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for c in candidates:
            token = client.post(
                "/auth/token",
                json={"grant_type": "password", "username": c.email, "password": PASSWORD},
            )
            token.raise_for_status()
            access = token.json()["access_token"]
            question = client.post(
                f"/courses/{c.course}/next-question",
                headers={"Authorization": f"Bearer {access}"},
            )
            question.raise_for_status()
            seated.append((c, access, question.json()["challenge"]["id"]))
    return seated


def _lua(value: str) -> str:
    """A Lua string literal (bytes outside printable ASCII escaped)."""
    out = []
    for byte in value.encode():
        ch = chr(byte)
        out.append(ch if 32 <= byte < 127 and ch not in '"\\' else f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def write_data(path: Path, bank: ItemBank, seats: list[list[tuple[Candidate, str, str]]]) -> None:
    """The wrk script's data: each seat's candidates, and each challenge's two answers."""
    lines = ["return {", "challenges = {"]
    for c in bank.servable_challenges():
        right = json.dumps({"challenge_id": c.id, "value": solution_as_answer(checkable(c))})
        wrong = json.dumps({"challenge_id": c.id, "value": wrong_answer(c)})
        a, b = c.calibration.discriminant, c.calibration.difficulty
        lines.append(
            f"[{_lua(c.id)}] = {{a = {a!r}, b = {b!r}, right = {_lua(right)}, "
            f"wrong = {_lua(wrong)}}},"
        )
    lines += ["},", "seats = {"]
    for seat in seats:
        lines.append("{")
        for candidate, token, first in seat:
            lines.append(
                f"{{token = {_lua(token)}, course = {_lua(str(candidate.course))}, "
                f"first = {_lua(first)}, theta = {candidate.theta!r}}},"
            )
        lines.append("},")
    lines += ["},", "}"]
    path.write_text("\n".join(lines) + "\n")


def wrk_run(
    base_url: str, data: Path, seats: int, think_ms: float, duration: float
) -> tuple[dict[str, Any], float]:
    """Run wrk; its EXAM_PEAK figures and the CPU seconds it used."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    seconds = f"{max(1, round(duration))}s"  # wrk takes whole seconds
    command = [
        wrk, "-t", str(seats), "-c", str(seats), "-d", seconds, "--timeout", "10s",
        "-s", str(SCRIPT), base_url, "--", str(data), str(think_ms),
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((x for x in done.stdout.splitlines() if x.startswith("EXAM_PEAK ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(line.removeprefix("EXAM_PEAK ")), cpu


def scenario(
    base_url: str,
    server: subprocess.Popen[bytes],
    url: str,
    bank: ItemBank,
    seated: list[tuple[Candidate, str, str]],
    seats: int,
    think_ms: float,
    duration: float,
    views: bool,
) -> dict[str, float]:
    """One wrk run over ``seats`` seats sharing ``seated``; its figures and CPU per answer."""
    per_seat = [seated[i::seats] for i in range(seats)]
    catch_up_views(base_url, views)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "exam_peak_data.lua"
        write_data(data, bank, per_seat)
        window = CpuWindow(server.pid, url)
        window.start()
        result, client_cpu = wrk_run(base_url, data, seats, think_ms, duration)
        used, busy = window.stop()
        cpu = (used["server"], used["views"], used["postgres"])
    answers = max(1, int(result["answers"]))
    elapsed = result["duration_us"] / 1e6
    ours = sum(cpu) + client_cpu
    return {
        "seats": seats,
        "think_ms": think_ms,
        "answers": result["answers"],
        "errors": result["errors"] + result["timeouts"],
        "seats_exhausted": result["seats_exhausted"],
        "answers_per_s": result["answers"] / elapsed,
        "p50_ms": result["p50_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "max_ms": result["max_us"] / 1000,
        "mean_ms": result["mean_us"] / 1000,
        "server_cpu_ms": 1000 * cpu[0] / answers,
        "views_cpu_ms": 1000 * cpu[1] / answers,
        "postgres_cpu_ms": 1000 * cpu[2] / answers,
        "client_cpu_ms": 1000 * client_cpu / answers,
        "machine_busy_pct": 100 * busy / (elapsed * (os.cpu_count() or 1)),
        "others_cpu_pct": max(0.0, 100 * (busy - ours) / (elapsed * (os.cpu_count() or 1))),
        "elapsed_s": elapsed,
    }


def run_layout(
    admin_url: str, workers: int, args: argparse.Namespace, bank: ItemBank
) -> dict[str, dict[str, float]]:
    """Both scenarios against one server layout, each with candidates of its own."""
    arrival_seats = max(1, round(args.rate * args.think_ms / 1000))
    # Enough candidates that no seat runs out before the end: each answers 32 questions.
    no_pause_need = args.seats * _per_seat(args.max_rate / args.seats * args.duration)
    arrival_need = arrival_seats * _per_seat(1.25 * args.rate / arrival_seats * args.duration)
    with postgres_database(admin_url) as url:
        candidates = prepare(url, no_pause_need + arrival_need)
        views = not args.without_views
        with serving(url, workers, args.server_tree, views) as (base_url, _, server):
            seated = sign_in(base_url, candidates)
            runs = {
                "no pause": scenario(
                    base_url, server, url, bank, seated[:no_pause_need],
                    args.seats, 0, args.duration, views,
                ),
                f"{args.rate:.0f}/s, think {args.think_ms:.0f} ms": scenario(
                    base_url, server, url, bank, seated[no_pause_need:],
                    arrival_seats, args.think_ms, args.duration, views,
                ),
            }  # fmt: skip
    return runs


def _per_seat(answers: float) -> int:
    """Candidates a seat needs to give ``answers`` answers (the first question is served)."""
    return max(1, math.ceil(answers / QUESTIONS))


def layout_name(workers: int, views: bool = True) -> str:
    if not views:
        return "1 process, no views" if workers == 1 else f"{workers} workers, no views"
    return "1 process" if workers == 1 else f"{workers} workers + views"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, default=2, help="the multi-process layout")
    parser.add_argument("--only-workers", action="store_true", help="skip the 1-process layout")
    parser.add_argument("--rate", type=float, default=AIM_ANSWERS_PER_S)
    parser.add_argument("--think-ms", type=float, default=400.0)
    parser.add_argument("--seats", type=int, default=60, help="candidates never pausing")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument(
        "--max-rate", type=float, default=1500.0, help="no-pause answers/s to have candidates for"
    )
    parser.add_argument(
        "--without-views",
        action="store_true",
        help="no process keeps the views during the run (the answer path alone)",
    )
    parser.add_argument("--server-tree", type=Path, help="serve from this checkout")
    parser.add_argument("--label", default="", help="a name for this server in the table")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    args = parser.parse_args(argv)
    layouts = (args.workers,) if args.only_workers else tuple(dict.fromkeys((1, args.workers)))
    if args.quick:  # one layout, a few seats, a second or two: a smoke test
        args.seats, args.rate, args.think_ms, args.duration = 4, 20.0, 200.0, 2.0
        args.max_rate, layouts = 1000.0, (1,)
    bank = load_default_bank()
    results = {
        f"{args.label} {layout_name(w, not args.without_views)}".strip(): run_layout(
            args.admin_url, w, args, bank
        )
        for w in layouts
    }
    rows = [
        (
            layout,
            label,
            int(r["seats"]),
            int(r["answers"]),
            r["answers_per_s"],
            r["p50_ms"],
            r["p99_ms"],
            r["max_ms"],
            r["server_cpu_ms"],
            r["views_cpu_ms"],
            r["postgres_cpu_ms"],
            r["client_cpu_ms"],
            f"{r['others_cpu_pct']:.0f}%",
        )
        for layout, runs in results.items()
        for label, r in runs.items()
    ]
    print_table(
        f"exam peak over HTTP on PostgreSQL, wrk client (aim >= {AIM_ANSWERS_PER_S:.0f} answers/s "
        f"with p99 < {AIM_P99_MS:.0f} ms at the arrival rate); CPU in ms per answer",
        [
            "layout", "scenario", "seats", "answers", "answers/s", "p50 ms", "p99 ms", "max ms",
            "server", "views", "postgres", "client", "others",
        ],
        rows,
    )  # fmt: skip
    print(
        "server: the serving processes; views: the projections process (in the server with "
        "1 process); postgres: this database's backends; client: "
        "wrk; others: the machine's CPU used by anything else during the run"
    )
    failures = [
        f"{layout}, {label}: {r['errors']:.0f} errors, {r['seats_exhausted']:.0f} seats ran out"
        for layout, runs in results.items()
        for label, r in runs.items()
        if r["errors"] or r["seats_exhausted"]
    ]
    write_json(
        "exam_peak",
        {
            "quick": args.quick,
            "aim_answers_per_s": AIM_ANSWERS_PER_S,
            "aim_p99_ms": AIM_P99_MS,
            "server_tree": str(args.server_tree or ""),
            "runs": results,
        },
    )
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
