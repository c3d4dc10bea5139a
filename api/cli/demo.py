"""``certledger demo``: the scripted end-to-end run (the chapters live in ``api/demos/``)."""

from __future__ import annotations

import argparse
import sys

from api import bootstrap
from api.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` command to the top-level CLI parser."""
    demo = subparsers.add_parser("demo", help="scripted end-to-end run on the configured store")
    demo.add_argument("--learners", type=int, default=12)
    demo.add_argument("--questions", type=int, default=8)
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    from api.demos import run_demo

    container = bootstrap.build(Settings())
    try:
        return run_demo(
            container, sys.stdout, learners=args.learners, questions=args.questions, seed=args.seed
        )
    finally:
        container.close()
