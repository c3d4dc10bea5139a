"""Builders of valid inputs for tests: times, subjects and answers from the shipped bank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domain.actors import Actor
from domain.application import CertificationLedger
from domain.bank import Challenge
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from domain.ids import AssessmentId, SubjectId

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ACTOR = Actor(id="4b1c0f3e-learner", role="LEARNER")
WRONG = "certainement pas la bonne réponse"


def at(seconds: float) -> datetime:
    """A UTC instant ``seconds`` after T0."""
    return T0 + timedelta(seconds=seconds)


def new_subject() -> SubjectId:
    return SubjectId(uuid4())


def right_answer(challenge: Challenge) -> str:
    return solution_as_answer(checkable(challenge))


def untimed_challenges(ledger: CertificationLedger, competence: str = "1.1") -> list[Challenge]:
    """Servable, untimed, unfocused challenges: answers to them are plainly ok or ko."""
    return [
        c for c in ledger.bank.servable_challenges(competence) if c.timer is None and not c.focused
    ]


def start(ledger: CertificationLedger, scope: str = "1.1", kind: str = "DEMO") -> AssessmentId:
    return ledger.start_assessment(
        kind=kind, subject_id=new_subject(), scope=scope, started_at=T0, actor=ACTOR
    )


def answer_run(ledger: CertificationLedger, pattern: str, scope: str = "1.1") -> AssessmentId:
    """Start an assessment and answer one challenge per letter: r(ight), w(rong), s(kip)."""
    aid = start(ledger, scope)
    for i, (letter, challenge) in enumerate(
        zip(pattern, untimed_challenges(ledger, scope), strict=False)
    ):
        ledger.serve_challenge(
            aid,
            challenge.id,
            selection={"algorithm": "test", "version": 1},
            served_at=at(60 * i),
            actor=ACTOR,
        )
        value = {"r": right_answer(challenge), "w": WRONG, "s": "#ABAND#"}[letter]
        ledger.record_answer(aid, challenge.id, value, answered_at=at(60 * i + 30), actor=ACTOR)
    return aid
