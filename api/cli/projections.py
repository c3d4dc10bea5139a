"""``certledger projections status|rebuild|run``: the read models from the command line."""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
import threading
from typing import Any

from tqdm import tqdm

from api import bootstrap
from api.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``projections`` command group to the top-level CLI parser."""
    projections = subparsers.add_parser("projections", help="read models: status, rebuild, run")
    psub = projections.add_subparsers(title="actions", metavar="ACTION", required=True)
    status = psub.add_parser("status", help="each view's position and lag")
    status.set_defaults(func=_projections_status)
    rebuild = psub.add_parser("rebuild", help="rebuild views from zero, with progress")
    rebuild.add_argument("name", nargs="?", choices=sorted(bootstrap.READ_MODELS))
    rebuild.set_defaults(func=_projections_rebuild)
    run = psub.add_parser("run", help="keep views up to date until interrupted")
    run.set_defaults(func=_projections_run)


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
    # Views may lag a little; answers may not: the scheduler serves the writers first (ADR 1601).
    if settings.projection_niceness:
        os.nice(settings.projection_niceness)
    container = bootstrap.build(settings)
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=r.follow,
            args=(stop, settings.projection_poll_interval, settings.projection_gather_seconds),
            daemon=True,
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
