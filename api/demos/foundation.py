"""The first chapter of ``certledger demo``: content, users, and simulated learners.

Simulated learners, each with a true capacity, answer challenges with the IRT success
probability of each challenge's calibration; every step is an event in the ledger; the
challenge statistics projection is then caught up, rebuilt from zero, and compared.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import numpy as np

from api.bootstrap import Container
from api.demos.users import DEMO_PASSWORD, DEMO_USERS, seed_demo_users
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.bank import Challenge
from domain.bank.solution_check import checkable
from domain.checking import SKIP_VALUE, solution_as_answer
from domain.ids import SubjectId
from projections.runner import CatchUpRunner

Say = Callable[[str], None]
DEMO_ACTOR = Actor.system("demo")


def run_foundation_demo(
    container: Container, say: Say, *, start: datetime, seed: int, learners: int, questions: int
) -> int:
    """Content, users and learners; return 0 when the rebuilt view equals the caught-up one."""
    ledger = container.ledger
    rng = np.random.default_rng(seed)
    say(f"store: {container.settings.safe_database_url} ({container.settings.backend})")
    f, bank = ledger.framework, ledger.bank
    say(
        f"framework {f.key}: {len(f.areas)} areas, {len(f.competences)} competences, "
        f"levels 1-{len(f.levels)} (reachable {f.max_reachable_level}, {f.max_pix} pix at most)"
    )
    say(
        f"bank {bank.key}: {len(bank.tubes)} tubes, {len(bank.skills)} skills, "
        f"{len(bank.challenges)} challenges, sha256 {bank.sha256[:16]}..."
    )
    release = ledger.install_content(installed_at=start, actor=DEMO_ACTOR)
    say(f"content release {release} recorded")
    users = seed_demo_users(ledger, at=start)
    logins = ", ".join(f"{email} ({role})" for role, email, *_ in DEMO_USERS)
    say(f"{len(users)} demo users: {logins}; password {DEMO_PASSWORD!r}")
    head_before = ledger.recorder.max_notification_id() or 0
    statuses: dict[str, int] = {}
    for n in range(learners):
        theta = float(rng.normal(0.8, 1.4))
        competence = f.competences[int(rng.integers(len(f.competences)))].code
        for status in _simulate_learner(ledger, rng, start, n, theta, competence, questions):
            statuses[status] = statuses.get(status, 0) + 1
    head = ledger.recorder.max_notification_id() or 0
    say(
        f"{learners} simulated learners answered {sum(statuses.values())} challenges "
        f"({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}); "
        f"{head - head_before} events recorded, {head} in the ledger"
    )
    runner = container.runners["challenge_statistics"]
    read = runner.catch_up()
    say(f"projection {runner.name} caught up: {read} events read, position {runner.position()}")
    before = runner.view.list_statistics()
    _print_top(runner, say)
    runner.rebuild()
    after = runner.view.list_statistics()
    same = before == after
    say(
        f"projection rebuilt from zero: {len(after)} rows, "
        f"{'identical to' if same else 'DIFFERENT FROM'} the caught-up view"
    )
    return 0 if same else 1


def _simulate_learner(
    ledger: CertificationLedger,
    rng: np.random.Generator,
    start: datetime,
    n: int,
    theta: float,
    competence: str,
    questions: int,
) -> list[str]:
    started = start + timedelta(minutes=10 * n)
    subject = SubjectId(_uuid(rng))
    aid = ledger.start_assessment(
        kind="DEMO", subject_id=subject, scope=competence, started_at=started, actor=DEMO_ACTOR
    )
    pool = list(ledger.bank.servable_challenges(competence))
    statuses = []
    clock = started
    for _ in range(min(questions, len(pool))):
        # The draw is recorded with the served challenge so a replay needs no generator.
        draw = int(rng.integers(len(pool)))
        challenge = pool.pop(draw)
        clock += timedelta(seconds=5)
        ledger.serve_challenge(
            aid,
            challenge.id,
            served_at=clock,
            selection={"algorithm": "demo-uniform", "version": 1, "draw": draw},
            actor=DEMO_ACTOR,
        )
        clock += timedelta(seconds=int(rng.integers(10, 90)))
        value = _answer(rng, challenge, theta)
        statuses.append(
            ledger.record_answer(aid, challenge.id, value, answered_at=clock, actor=DEMO_ACTOR)
        )
    ledger.complete_assessment(aid, completed_at=clock + timedelta(seconds=1), actor=DEMO_ACTOR)
    return statuses


def _answer(rng: np.random.Generator, challenge: Challenge, theta: float) -> str:
    a, b = challenge.calibration.discriminant, challenge.calibration.difficulty
    if rng.random() < 0.05:
        return SKIP_VALUE
    if rng.random() < 1.0 / (1.0 + math.exp(-a * (theta - b))):
        return solution_as_answer(checkable(challenge))
    return "réponse erronée"


def _uuid(rng: np.random.Generator) -> UUID:
    return UUID(bytes=rng.bytes(16), version=4)


def _print_top(runner: CatchUpRunner[Any], say: Say) -> None:
    rows = sorted(runner.view.list_statistics(), key=lambda s: (-s.served, s.challenge_id))[:8]
    say("most served challenges:")
    say(f"  {'challenge':<14}{'served':>7}{'ok':>5}{'ko':>5}{'skip':>5}{'success':>9}")
    for s in rows:
        rate = "-" if s.success_rate is None else f"{s.success_rate:.0%}"
        say(f"  {s.challenge_id:<14}{s.served:>7}{s.ok:>5}{s.ko:>5}{s.aband:>5}{rate:>9}")
