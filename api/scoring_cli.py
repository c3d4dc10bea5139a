"""`certledger scoring ...` subcommands (owned by the scoring work; wired by api/cli.py)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `scoring` command group to the top-level CLI parser."""
    subparsers.add_parser("scoring", help="scoring engines (v3, v2) as JSON-in/JSON-out commands")
