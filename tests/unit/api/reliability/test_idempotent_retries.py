"""Defect 9 of issue 14: a retried answer gets the reply the first one got, and two identical
answers racing each other both get it."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import numpy as np
import pytest

from domain.application import CertificationLedger
from domain.positioning.errors import AnswerAlreadyRecordedError
from tests.factories import ACTOR, T0, right_answer
from tests.races import hold_saves_until_all_loaded, race


@pytest.fixture
def ledger() -> CertificationLedger:
    return CertificationLedger({"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_a_retried_positioning_answer_gets_the_same_outcome(ledger: CertificationLedger) -> None:
    learner = uuid4()
    rng = np.random.default_rng(3)
    start = ledger.start_competence_evaluation(learner, "1.1", started_at=T0, actor=ACTOR)
    for i in range(3):
        at = T0 + timedelta(minutes=i)
        nxt = ledger.next_challenge(start.assessment_id, served_at=at, actor=ACTOR, rng=rng)
        assert nxt.challenge is not None
        value = right_answer(nxt.challenge)
        answer_at = at + timedelta(seconds=20)
        first = ledger.answer_challenge(
            start.assessment_id, nxt.challenge.id, value, answered_at=answer_at, actor=ACTOR
        )
        before = ledger.recorder.max_notification_id()
        retried = ledger.answer_challenge(
            start.assessment_id,
            nxt.challenge.id,
            value,
            answered_at=answer_at + timedelta(seconds=5),
            actor=ACTOR,
        )
        assert retried == first
        assert ledger.recorder.max_notification_id() == before  # nothing recorded twice
    assert nxt.challenge is not None
    last = nxt.challenge.id
    with pytest.raises(AnswerAlreadyRecordedError):  # another value is not a retry
        ledger.answer_challenge(
            start.assessment_id,
            last,
            "something else",
            answered_at=answer_at,
            actor=ACTOR,
        )


def test_two_identical_racing_answers_get_the_same_reply(
    ledger: CertificationLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner = uuid4()
    rng = np.random.default_rng(5)
    start = ledger.start_competence_evaluation(learner, "1.1", started_at=T0, actor=ACTOR)
    nxt = ledger.next_challenge(start.assessment_id, served_at=T0, actor=ACTOR, rng=rng)
    assert nxt.challenge is not None
    challenge_id = nxt.challenge.id
    value = right_answer(nxt.challenge)
    hold_saves_until_all_loaded(ledger, monkeypatch)

    def answer() -> object:
        return ledger.answer_challenge(
            start.assessment_id,
            challenge_id,
            value,
            answered_at=T0 + timedelta(seconds=20),
            actor=ACTOR,
        )

    replies = race(answer, answer)
    assert len(replies) == 2
    assert not any(isinstance(r, Exception) for r in replies), replies
    assert replies[0] == replies[1]
