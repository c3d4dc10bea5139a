"""Simulated learners for the demo, the benchmark and the rebuild tests.

A simulated learner has a true level per competence and answers a challenge right with the
probability the positioning model itself uses, p = 1 / (1 + exp(-(level - difficulty))), so a
learner of true level 3 succeeds half the time on a level-3 skill. Every random number comes
from the injected generator: the same seed replays the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import numpy as np
import yaml

from domain.actors import Actor
from domain.bank import Challenge
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from domain.positioning.answer_format import field_names, proposal_count
from domain.positioning.commands import PositioningCommands
from domain.positioning.smart_random import probability

WRONG_TEXT = "zzzz"


def wrong_answer(challenge: Challenge) -> str:
    """A well-formed answer that is not the solution (a learner's mistake, not bad input)."""
    if challenge.type in ("QCU", "QCM"):
        n = proposal_count(challenge)
        right = {int(p) for p in challenge.solution.value.split(",") if p.strip().isdigit()}
        others = [i for i in range(1, n + 1) if i not in right]
        if challenge.type == "QCU":
            return str(others[0] if others else 1)
        return ",".join(str(i) for i in others) if others else "1"
    if challenge.type == "QROC":
        return WRONG_TEXT
    return yaml.safe_dump(dict.fromkeys(sorted(field_names(challenge)), WRONG_TEXT))


def simulated_answer(
    challenge: Challenge, difficulty: int, true_level: float, rng: np.random.Generator
) -> str:
    """Right with the model's success probability, else a well-formed wrong answer."""
    if rng.random() < probability(true_level, difficulty):
        return solution_as_answer(checkable(challenge))
    return wrong_answer(challenge)


@dataclass(frozen=True)
class PositioningRun:
    """One simulated evaluation: answers given, level-ups seen, and when it ended."""

    answers: int
    level_ups: int
    ended_at: datetime


def position_learner(
    ledger: PositioningCommands,
    learner_id: UUID,
    competence_code: str,
    true_level: float,
    rng: np.random.Generator,
    *,
    start: datetime,
    actor: Actor,
    think_seconds: int = 20,
) -> PositioningRun:
    """Start (or resume) the evaluation and answer until it ends; time advances per answer."""
    clock = start
    began = ledger.start_competence_evaluation(
        learner_id, competence_code, started_at=clock, actor=actor
    )
    answers = level_ups = 0
    while True:
        clock += timedelta(seconds=1)
        nxt = ledger.next_challenge(began.assessment_id, served_at=clock, actor=actor, rng=rng)
        if nxt.challenge is None:
            return PositioningRun(answers, level_ups, clock)
        skill = ledger.bank.skill(nxt.challenge.skill_id)
        value = simulated_answer(nxt.challenge, skill.difficulty, true_level, rng)
        clock += timedelta(seconds=think_seconds)
        outcome = ledger.answer_challenge(
            began.assessment_id, nxt.challenge.id, value, answered_at=clock, actor=actor
        )
        answers += 1
        level_ups += outcome.level_up
