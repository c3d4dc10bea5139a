"""``certledger sessions import-candidates``: enrol a large CSV file with a progress bar.

The same command as ``POST /sessions/{id}/candidates/import`` (all or nothing, every faulty line
listed), for files of thousands of lines that an operator imports on the server.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from tqdm import tqdm

from api import bootstrap
from api.settings import Settings
from domain.actors import Actor
from domain.certification.errors import CandidateImportError

CLI_ACTOR = Actor.system("cli")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sessions`` command group to the top-level CLI parser."""
    sessions = subparsers.add_parser("sessions", help="sessions: import-candidates")
    commands = sessions.add_subparsers(title="commands", metavar="COMMAND", required=True)
    load = commands.add_parser(
        "import-candidates", help="enrol every candidate of a CSV file, with progress"
    )
    load.add_argument("session_id", type=UUID)
    load.add_argument("file", type=Path)
    load.set_defaults(func=_import_candidates)


def _import_candidates(args: argparse.Namespace) -> int:
    data = args.file.read_bytes()
    container = bootstrap.build(Settings(), read_models=[])
    bars: dict[str, tqdm[Any]] = {}

    def progress(step: str, done: int, total: int) -> None:
        bar = bars.get(step)
        if bar is None:
            bar = bars[step] = tqdm(total=total, desc=step, unit="candidate", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        ids = container.ledger.import_candidates(
            args.session_id, data, at=datetime.now(UTC), actor=CLI_ACTOR, progress=progress
        )
    except CandidateImportError as e:
        print(f"certledger: {e.detail}", file=sys.stderr)
        for p in e.problems:
            print(
                f"  line {p['line']}: {p['code']} ({p['field']}): {p['message']}", file=sys.stderr
            )
        return 1
    finally:
        for bar in bars.values():
            bar.close()
        container.close()
    print(f"{len(ids)} candidates enrolled in session {args.session_id}")
    return 0
