"""``certledger jury ...``: the work queue, a course's file, decisions and publication.

Decisions are taken as a person: ``--as LOGIN`` signs in with that account (password on
standard input with ``--password-stdin``, else prompted), and its id and role are recorded.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from api import bootstrap
from api.notifications import NotificationWorker
from api.settings import Settings
from domain.actors import Actor
from jury.application import JuryLedger

COURSE_DECISIONS: dict[str, Callable[..., Any]] = {
    "cancel": JuryLedger.cancel_certification,
    "uncancel": JuryLedger.uncancel_certification,
    "reject": JuryLedger.reject_for_fraud,
    "unreject": JuryLedger.unreject_for_fraud,
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``jury`` command group to the top-level CLI parser."""
    jury = subparsers.add_parser("jury", help="the jury: queue, course files, decisions, publish")
    commands = jury.add_subparsers(title="commands", metavar="COMMAND", required=True)
    queue = commands.add_parser("queue", help="finalised sessions with their counters")
    queue.add_argument("--status", choices=["finalized", "in_process", "processed"])
    queue.add_argument("--centre")
    queue.add_argument("--from", dest="date_from")
    queue.add_argument("--to", dest="date_to")
    queue.set_defaults(func=_queue)
    for name, helptext in (("course", "a course's file (JSON)"), ("history", "its results")):
        read = commands.add_parser(name, help=helptext)
        read.add_argument("course_id", type=UUID)
        read.set_defaults(func=_read, read=name)
    for name in (*COURSE_DECISIONS, "neutralise", "deneutralise"):
        decide = _with_actor(commands.add_parser(name, help=f"{name} a certification"))
        decide.add_argument("course_id", type=UUID)
        decide.add_argument("--reason", required=True)
        if name.endswith("neutralise"):
            decide.add_argument("--challenge", required=True)
        decide.set_defaults(func=_decide, decision=name)
    manual = _with_actor(commands.add_parser("manual-result", help="record a result by hand"))
    manual.add_argument("course_id", type=UUID)
    manual.add_argument("--status", required=True)
    manual.add_argument("--pix-score", type=int)
    manual.add_argument("--reason", required=True)
    manual.set_defaults(func=_manual)
    notify = commands.add_parser(
        "notify", help="send the notifications due (results, notices to account owners; SMTP)"
    )
    notify.add_argument("--loop", action="store_true", help="keep sending until interrupted")
    notify.add_argument(
        "--interval",
        type=float,
        default=None,
        help="seconds between passes (default CERTLEDGER_NOTIFICATION_INTERVAL_SECONDS, 30)",
    )
    notify.add_argument(
        "--no-catch-up",
        dest="catch_up",
        action="store_false",
        help="read the outbox view as it is: another process keeps it up to date (serve does)",
    )
    notify.set_defaults(func=_notify)
    for name, helptext in (
        ("publish", "publish sessions (each on its own)"),
        ("unpublish", "withdraw a session's results"),
        ("unfinalise", "send a session back to its centre"),
        ("auto-jury", "run the auto-jury if it has not run"),
    ):
        session = _with_actor(commands.add_parser(name, help=helptext))
        session.add_argument("session_ids", type=UUID, nargs="+")
        if name in ("unpublish", "unfinalise"):
            session.add_argument("--reason", required=True)
        session.set_defaults(func=_session_command, command=name)


def _with_actor(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--as", dest="login", required=True, help="your e-mail or username")
    parser.add_argument("--password-stdin", action="store_true")
    return parser


def _open(read_models: list[str] | None = None) -> bootstrap.Container:
    return bootstrap.build(Settings(), read_models=read_models or [])


def _signed_in(ledger: JuryLedger, args: argparse.Namespace) -> Actor:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
    account = ledger.authenticate(args.login, password)
    return Actor(id=str(account.id), role=account.role)


def _print(data: Any) -> None:
    print(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def _queue(args: argparse.Namespace) -> int:
    container = _open(["jury_queue"])
    try:
        runner = container.runners["jury_queue"]
        runner.catch_up()
        found = runner.view.list_sessions(
            status=args.status, centre_id=args.centre, date_from=args.date_from,
            date_to=args.date_to,
        )  # fmt: skip
        _print([asdict(e) for e in found])
    finally:
        container.close()
    return 0


def _run(args: argparse.Namespace, act: Callable[[JuryLedger, Actor | None], Any]) -> int:
    container = _open()
    try:
        ledger = container.ledger
        assert isinstance(ledger, JuryLedger)
        actor = _signed_in(ledger, args) if hasattr(args, "login") else None
        _print(act(ledger, actor))
    finally:
        container.close()
    return 0


def _read(args: argparse.Namespace) -> int:
    def act(ledger: JuryLedger, _: Actor | None) -> Any:
        if args.read == "course":
            return ledger.jury_course(args.course_id)
        return ledger.result_history(args.course_id)

    return _run(args, act)


def _decide(args: argparse.Namespace) -> int:
    def act(ledger: JuryLedger, actor: Actor | None) -> Any:
        assert actor is not None
        now = datetime.now(UTC)
        if args.decision == "neutralise":
            outcome = ledger.neutralise_challenge(
                args.course_id, args.challenge, reason=args.reason, at=now, actor=actor
            )
        elif args.decision == "deneutralise":
            outcome = ledger.deneutralise_challenge(
                args.course_id, args.challenge, reason=args.reason, at=now, actor=actor
            )
        else:
            decide = COURSE_DECISIONS[args.decision]
            outcome = decide(ledger, args.course_id, reason=args.reason, at=now, actor=actor)
        return asdict(outcome)

    return _run(args, act)


def _manual(args: argparse.Namespace) -> int:
    def act(ledger: JuryLedger, actor: Actor | None) -> Any:
        fields = {"status": args.status, "pix_score": args.pix_score}
        assert actor is not None
        return asdict(
            ledger.record_manual_result(
                args.course_id, fields, reason=args.reason, at=datetime.now(UTC), actor=actor
            )
        )

    return _run(args, act)


def _session_command(args: argparse.Namespace) -> int:
    def act(ledger: JuryLedger, actor: Actor | None) -> Any:
        assert actor is not None
        now = datetime.now(UTC)
        if args.command == "publish":
            return asdict(ledger.publish_sessions(args.session_ids, at=now, actor=actor))
        for session_id in args.session_ids:
            if args.command == "unpublish":
                ledger.unpublish_session(session_id, reason=args.reason, at=now, actor=actor)
            elif args.command == "unfinalise":
                ledger.unfinalise_session(session_id, reason=args.reason, at=now, actor=actor)
            else:
                ledger.run_auto_jury(session_id, at=now)
        return {"done": [str(s) for s in args.session_ids]}

    return _run(args, act)


def _notify(args: argparse.Namespace) -> int:
    settings = Settings()
    if not settings.smtp_host:
        print("certledger: CERTLEDGER_SMTP_HOST is not set: nothing can be sent", file=sys.stderr)
        return 1
    container = bootstrap.build(settings, read_models=["jury_queue"])
    try:
        ledger = container.ledger
        assert isinstance(ledger, JuryLedger)
        runner = container.runners["jury_queue"]
        worker = NotificationWorker(ledger, runner.view, settings)
        interval = args.interval or settings.notification_interval_seconds
        while True:
            if args.catch_up:
                runner.catch_up()
            delivery = worker.run_once()
            print(f"sent {delivery.sent}, failed {delivery.failed}", flush=True)
            if not args.loop:
                return 0
            time.sleep(interval)
    finally:
        container.close()
