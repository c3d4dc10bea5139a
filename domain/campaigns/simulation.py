"""Simulated participants for the demo, the benchmark and the tests.

A simulated learner answers each challenge right with the positioning model's probability for
their true level (the same rule as ``domain.positioning.simulation``); every random number
comes from the injected generator, so a seed replays the same run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import numpy as np

from domain.actors import Actor
from domain.campaigns.campaign_commands import CampaignCommands
from domain.positioning.simulation import simulated_answer


@dataclass(frozen=True)
class CampaignRun:
    """One simulated assessment: how many answers, and when the assessment ended."""

    answers: int
    ended_at: datetime


def take_campaign(
    ledger: CampaignCommands,
    campaign_id: UUID,
    user_id: UUID,
    true_level: float,
    rng: np.random.Generator,
    *,
    start: datetime,
    actor: Actor,
    think_seconds: int = 20,
) -> CampaignRun:
    """Answer the running participation's challenges until the assessment ends."""
    clock, answers = start, 0
    while True:
        clock += timedelta(seconds=1)
        nxt = ledger.campaign_next_challenge(
            campaign_id, user_id, served_at=clock, actor=actor, rng=rng
        )
        if nxt.challenge is None:
            return CampaignRun(answers, clock)
        difficulty = ledger.bank.skill(nxt.challenge.skill_id).difficulty
        value = simulated_answer(nxt.challenge, difficulty, true_level, rng)
        clock += timedelta(seconds=think_seconds)
        ledger.campaign_answer(
            campaign_id, user_id, nxt.challenge.id, value, answered_at=clock, actor=actor
        )
        answers += 1
