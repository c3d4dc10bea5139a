"""``certledger serve``: the HTTP API, in one process or as workers plus a projections process.

With SMTP configured (``CERTLEDGER_SMTP_HOST``), it also runs the notification worker in a
supervised child process, so the outbox is sent without a separate ``jury notify --loop``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from api import bootstrap
from api.cli.supervisor import Supervisor
from api.settings import Settings

if TYPE_CHECKING:
    import uvicorn


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` command to the top-level CLI parser."""
    serve = subparsers.add_parser("serve", help="run the HTTP API (OpenAPI docs at /docs)")
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


def _serve(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.workers < 1:
        print("certledger: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.workers > 1 or settings.smtp_host:
        # Child processes follow: create the store's tables here, once, since processes
        # opening a fresh database together would race on its migrations.
        bootstrap.build(settings).close()
    notifier = notification_worker(settings)
    try:
        return _serve_with(settings, args)
    finally:
        if notifier is not None:
            notifier.stop()


def notification_worker(settings: Settings) -> Supervisor | None:
    """With SMTP configured, the outbox's worker as a supervised child process; else None.

    The outbox holds result notifications and notices to account owners (docs/jury.md,
    docs/auth.md). The child only sends: the views it reads are kept up to date by the
    server's projections (in the app, or their own process), one writer per view.
    """
    if not settings.smtp_host:
        return None
    command = [sys.executable, "-m", "api.cli", "jury", "notify", "--loop", "--no-catch-up"]
    worker = Supervisor(command, "notifications")
    worker.start()
    print(
        f"certledger: notifications sent through {settings.smtp_host}:{settings.smtp_port} "
        f"every {settings.notification_interval_seconds:g} s",
        file=sys.stderr,
    )
    return worker


def _serve_with(settings: Settings, args: argparse.Namespace) -> int:
    if args.workers == 1:
        import uvicorn

        from api.app import create_app

        uvicorn.Server(server_config(settings, create_app(settings), args.host, args.port)).run()
        return 0
    # Several workers: views must be written in one place only. The workers never run the
    # projections; one child process does, unless the operator runs it apart
    # (CERTLEDGER_RUN_PROJECTIONS_IN_APP=false and `certledger projections run`).
    projections = None
    if settings.run_projections_in_app:
        # Restarted with back-off if it stops (a crash, kill -9), as uvicorn respawns workers.
        projections = Supervisor(
            [sys.executable, "-m", "api.cli", "projections", "run"], "projections"
        )
        projections.start()
    try:
        _run_workers(settings, args.host, args.port, args.workers)
    finally:
        if projections is not None:
            projections.stop()
    return 0


def server_config(
    settings: Settings, app: Any, host: str, port: int, workers: int | None = None
) -> uvicorn.Config:
    """uvicorn's configuration; forwarded headers are believed only from configured proxies.

    uvicorn trusts ``X-Forwarded-For`` from 127.0.0.1 by default, so on loopback any client
    could pick the address that sign-in throttling counts. ``CERTLEDGER_TRUSTED_PROXIES``
    (addresses or networks) names the proxies in front; empty believes none.
    """
    import uvicorn

    trusted = ",".join(settings.trusted_proxies)
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        workers=workers,
        factory=isinstance(app, str),
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        # A line per request costs about 0.1 ms of the server's CPU: off unless asked for.
        access_log=settings.access_log,
    )


def _run_workers(settings: Settings, host: str, port: int, workers: int) -> None:
    """uvicorn's multi-process supervisor, on a socket made here.

    uvicorn binds the shared socket as ``socket.socket(family)``, whose protocol number is 0,
    so asyncio never sets TCP_NODELAY on the connections the workers accept, and every
    response waits for the client's delayed ACK (about 40 ms on Linux). A socket created with
    ``IPPROTO_TCP`` gets TCP_NODELAY on each accepted connection, as a single process has.
    """
    import socket

    from uvicorn.supervisors import Multiprocess

    config = server_config(settings, "api.app:create_worker_app", host, port, workers)
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
