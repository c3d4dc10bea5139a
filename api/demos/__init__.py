"""``certledger demo``: a scripted, seeded run on the configured store that prints what happened.

The story is told in chapters, one module each, called in order: the foundation (content,
users, simulated learners and the statistics view), positioning, a certification session,
then the jury's deliberation and publication, then a school's campaigns.
A new chapter is a new module here and one line in ``CHAPTERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TextIO

from api.bootstrap import Container
from api.demos.campaigns import run_campaigns_demo
from api.demos.certification import run_certification_demo
from api.demos.foundation import run_foundation_demo
from api.demos.jury import run_jury_demo
from api.demos.positioning import run_positioning_demo

Say = Callable[[str], None]
DEMO_START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def run_demo(
    container: Container, out: TextIO, *, learners: int = 12, questions: int = 8, seed: int = 7
) -> int:
    """Run every chapter in order; return 0 when each chapter's own check held."""

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    chapters = (
        partial(run_foundation_demo, learners=learners, questions=questions),
        run_positioning_demo,
        run_certification_demo,
        run_jury_demo,
        run_campaigns_demo,
    )
    # Every chapter runs even when an earlier check failed, so the whole story is printed.
    return max(chapter(container, say, start=DEMO_START, seed=seed) for chapter in chapters)
