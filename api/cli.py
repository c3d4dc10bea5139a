"""The ``certledger`` command: serve, demo, check-bank, check-framework, projections, scoring."""

from __future__ import annotations

import argparse
import functools
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from tqdm import tqdm

from api import bootstrap, scoring_cli, users_cli
from api.settings import Settings
from domain.errors import BankDataError, LedgerError


def main(argv: list[str] | None = None) -> int:
    """Entry point; domain errors print one line (no traceback) and exit non-zero."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
    except BankDataError as e:
        print(f"certledger: {e.detail}", file=sys.stderr)
        for problem in e.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except LedgerError as e:
        print(f"certledger: error ({e.code}): {e.detail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("certledger: interrupted", file=sys.stderr)
        return 130
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="certledger", description=__doc__)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP API (OpenAPI docs at /docs)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (default 1); with more than one, the views are kept up to date "
        "by one separate `projections run` process, never by the workers",
    )
    serve.set_defaults(func=_serve)

    demo = sub.add_parser("demo", help="scripted end-to-end run on the configured store")
    demo.add_argument("--learners", type=int, default=12)
    demo.add_argument("--questions", type=int, default=8)
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(func=_demo)

    check_bank = sub.add_parser(
        "check-bank", help="validate an item bank file; exit 1 on any fault"
    )
    check_bank.add_argument("file", type=Path)
    check_bank.set_defaults(func=_check_bank)

    check_fw = sub.add_parser("check-framework", help="validate the configured framework version")
    check_fw.set_defaults(func=_check_framework)

    projections = sub.add_parser("projections", help="read models: status, rebuild, run")
    psub = projections.add_subparsers(title="actions", metavar="ACTION", required=True)
    status = psub.add_parser("status", help="each view's position and lag")
    status.set_defaults(func=_projections_status)
    rebuild = psub.add_parser("rebuild", help="rebuild views from zero, with progress")
    rebuild.add_argument("name", nargs="?", choices=sorted(bootstrap.READ_MODELS))
    rebuild.set_defaults(func=_projections_rebuild)
    run = psub.add_parser("run", help="keep views up to date until interrupted")
    run.set_defaults(func=_projections_run)

    scoring_cli.register(sub)
    users_cli.register(sub)
    return parser


def _serve(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.workers < 1:
        print("certledger: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.workers == 1:
        import uvicorn

        from api.app import create_app

        uvicorn.run(create_app(settings), host=args.host, port=args.port)
        return 0
    # Several workers: views must be written in one place only. The workers never run the
    # projections; one child process does, unless the operator runs it apart
    # (CERTLEDGER_RUN_PROJECTIONS_IN_APP=false and `certledger projections run`).
    # Create the store's tables here, once: processes opening a fresh database together would
    # race on its migrations.
    bootstrap.build(settings).close()
    projections = None
    stopping = threading.Event()
    if settings.run_projections_in_app:
        projections = subprocess.Popen([sys.executable, "-m", "api.cli", "projections", "run"])
        threading.Thread(
            target=_report_exit, args=(projections, stopping), name="projections-watch", daemon=True
        ).start()
    try:
        _run_workers(args.host, args.port, args.workers)
    finally:
        stopping.set()
        if projections is not None:
            projections.terminate()
            try:
                projections.wait(10)
            except subprocess.TimeoutExpired:
                projections.kill()
    return 0


def _report_exit(process: subprocess.Popen[bytes], stopping: threading.Event) -> None:
    """Say so when the projection process ends before the server: views stop following."""
    code = process.wait()
    if not stopping.is_set():
        print(
            f"certledger: the projections process stopped (exit {code}); views no longer "
            "follow the ledger until `certledger projections run` is started again",
            file=sys.stderr,
        )


def _run_workers(host: str, port: int, workers: int) -> None:
    """uvicorn's multi-process supervisor, on a socket made here.

    uvicorn binds the shared socket as ``socket.socket(family)``, whose protocol number is 0,
    so asyncio never sets TCP_NODELAY on the connections the workers accept, and every
    response waits for the client's delayed ACK (about 40 ms on Linux). A socket created with
    ``IPPROTO_TCP`` gets TCP_NODELAY on each accepted connection, as a single process has.
    """
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "api.app:create_worker_app", factory=True, host=host, port=port, workers=workers
    )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    print(f"certledger: {workers} workers on http://{host}:{port}", file=sys.stderr)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()


def _demo(args: argparse.Namespace) -> int:
    from api.demo import run_demo

    container = bootstrap.build(Settings())
    try:
        return run_demo(
            container, sys.stdout, learners=args.learners, questions=args.questions, seed=args.seed
        )
    finally:
        container.close()


def _check_bank(args: argparse.Namespace) -> int:
    settings = Settings()
    framework, _ = bootstrap.load_content(settings.model_copy(update={"bank_file": None}))
    from domain.bank import load_bank_file

    bank = load_bank_file(args.file, framework)
    print(
        f"{args.file}: bank {bank.key} is valid for {framework.key}: {len(bank.tubes)} tubes, "
        f"{len(bank.skills)} skills, {len(bank.challenges)} challenges"
    )
    thin = [
        c.code
        for c in framework.competences
        if len(bank.servable_challenges(c.code)) < 40
        or len({x.tube_id for x in bank.servable_challenges(c.code)}) < 6
    ]
    if thin:
        print(
            f"warning: fewer than 40 servable challenges or 6 tubes for {', '.join(thin)}: "
            "a 32-question v3 test may run short there"
        )
    return 0


def _check_framework(_: argparse.Namespace) -> int:
    settings = Settings()
    from domain.framework import load_framework

    f = load_framework(
        settings.framework_id, settings.framework_version, settings.max_reachable_level
    )
    print(
        f"framework {f.key} is valid: {len(f.areas)} areas, {len(f.competences)} competences, "
        f"{len(f.levels)} levels, reachable level {f.max_reachable_level}"
    )
    return 0


def _projections_status(_: argparse.Namespace) -> int:
    container = bootstrap.build(Settings())
    try:
        print(f"{'view':<24}{'position':>10}{'head':>10}{'lag':>8}")
        for runner in container.runners.values():
            s = runner.status()
            print(f"{s.name:<24}{s.position:>10}{s.head:>10}{s.lag:>8}")
    finally:
        container.close()
    return 0


def _projections_rebuild(args: argparse.Namespace) -> int:
    names = [args.name] if args.name else None
    container = bootstrap.build(Settings(), read_models=names)
    try:
        for runner in container.runners.values():
            head = runner.head()
            with tqdm(
                total=head, desc=f"rebuild {runner.name}", unit="event", file=sys.stderr
            ) as bar:
                runner.rebuild(progress=functools.partial(_advance, bar))
            print(f"{runner.name}: rebuilt to position {runner.position()}")
    finally:
        container.close()
    return 0


def _advance(bar: tqdm[Any], position: int, _head: int) -> None:
    bar.update(position - bar.n)


def _projections_run(_: argparse.Namespace) -> int:
    settings = Settings()
    container = bootstrap.build(settings)
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=r.follow, args=(stop, settings.projection_poll_interval), daemon=True
        )
        for r in container.runners.values()
    ]
    # A supervisor (or ``serve --workers N``) stops this process with SIGTERM: finish the batch
    # in hand and close the stores, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        for t in threads:
            t.start()
        print(f"following {', '.join(container.runners)} (Ctrl-C to stop)", file=sys.stderr)
        while any(t.is_alive() for t in threads):
            for t in threads:
                t.join(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(5)
        container.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
