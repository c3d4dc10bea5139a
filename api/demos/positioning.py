"""The positioning step of ``certledger demo``: seeded learners build profiles, scorecards shown.

Each simulated learner has a true level per competence and answers with the positioning
model's success probability; the profiles view is caught up, its scorecards printed, and each
learner's certifiability read from events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

import numpy as np

from api.bootstrap import Container
from domain.actors import Actor
from domain.positioning.simulation import position_learner

Say = Callable[[str], None]
NAMES = ("Awa", "Bastien", "Chloé", "Dylan")


def run_positioning_demo(
    container: Container, say: Say, *, start: datetime, seed: int, competences: int = 5
) -> int:
    """Position one learner per name on ``competences`` competences; print their scorecards."""
    ledger = container.ledger
    rng = np.random.default_rng(seed)
    codes = [c.code for c in ledger.framework.competences]
    learners: list[tuple[str, UUID]] = []
    for n, name in enumerate(NAMES):
        learner = UUID(bytes=rng.bytes(16), version=4)
        actor = Actor(id=str(learner), role="LEARNER")
        clock = start + timedelta(days=n)
        answers = 0
        for code in rng.permutation(codes)[: competences - (n % 2)]:
            true_level = float(rng.uniform(0.5, 6.5))
            run = position_learner(
                ledger, learner, str(code), true_level, rng, start=clock, actor=actor
            )
            answers, clock = answers + run.answers, run.ended_at + timedelta(minutes=5)
        learners.append((name, learner))
        say(f"learner {name} ({learner}) positioned: {answers} answers")
    runner = container.runners["profiles"]
    runner.catch_up()
    now = start + timedelta(days=len(NAMES) + 1)
    for name, learner in learners:
        profile = runner.view.get_profile(learner, now=now, framework=ledger.framework)
        certifiable = ledger.get_certifiability(learner, now)
        say(
            f"{name}: {profile.pix_score} pix of {profile.max_pix}, "
            f"{'certifiable' if certifiable.is_certifiable else 'not certifiable yet'}"
        )
        say(f"  {'competence':<11}{'status':<12}{'pix':>4}{'level':>6}{'reset in':>10}")
        for card in profile.scorecards:
            if card.status != "NOT_STARTED":
                reset = card.remaining_days_before_reset
                say(
                    f"  {card.competence_code:<11}{card.status:<12}{card.pix:>4}{card.level:>6}"
                    f"{'-' if reset is None else f'{reset} d':>10}"
                )
    return 0
