"""The ``certledger`` command: serve, demo, check-bank, check-framework, projections, scoring."""

from __future__ import annotations

import argparse
import sys

from api.cli import audit, content, demo, jury, projections, scoring, serve, sessions, users
from domain.errors import BankDataError, LedgerError

DESCRIPTION = (
    "certledger: an event-sourced ledger for certifying digital skills. Settings come from "
    "CERTLEDGER_* environment variables (see README.md); the embedded SQLite store under "
    "./var is the default."
)


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
    parser = argparse.ArgumentParser(prog="certledger", description=DESCRIPTION)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    # One line per command family; a new family is a module in this package and a line here.
    serve.register(sub)
    demo.register(sub)
    content.register(sub)
    projections.register(sub)
    scoring.register(sub)
    users.register(sub)
    sessions.register(sub)
    jury.register(sub)
    audit.register(sub)
    return parser
