"""The live course (ADR 1500) chooses exactly what a replay from its events chooses."""

from __future__ import annotations

from uuid import UUID, uuid4

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.actors import Actor
from domain.application import CertificationLedger
from domain.audit.replay import replay_course
from domain.certification.course import CertificationCourse
from domain.certification.delivery import (
    FoldedTest,
    choose_next,
    course_answers,
    course_pool,
    flash_configuration,
)
from domain.certification.errors import CertificationTestEndedError
from domain.scoring import AdaptiveTest
from tests.factories import T0, WRONG, at, right_answer

CANDIDATE = Actor(id="c0ffee00-0000-4000-8000-000000000001", role="CANDIDATE")
INVIGILATOR = Actor(id="c0ffee00-0000-4000-8000-000000000002", role="INVIGILATOR")

# One step of a candidate's test: answer right or wrong, send the same answer again, have the
# current question alerted and the alert validated, or have the process lose its live copy.
STEPS = st.lists(
    st.sampled_from(["right", "wrong", "wrong", "repeat", "alert", "evict"]),
    min_size=1,
    max_size=40,
)


@pytest.fixture(scope="module")
def ledgers() -> tuple[CertificationLedger, CertificationLedger]:
    """A live ledger, and one that keeps no course between commands (loads and replays)."""
    env = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    live, replayed = CertificationLedger(env), CertificationLedger(env)
    replayed.live.maxsize = 0
    return live, replayed


def begin(ledger: CertificationLedger, session: UUID, user: UUID) -> UUID:
    return ledger.begin_course(
        session_id=session, candidate_id=user, user_id=user, locale="fr-fr",
        accessibility_adjusted=False, extra_time_ratio=0.0, verification_code="P-BCDFGH23",
        started_at=T0, actor=CANDIDATE,
    )  # fmt: skip


def sit(ledger: CertificationLedger, course_id: UUID, steps: list[str], seed: int) -> None:
    rng = np.random.default_rng(seed)
    last: tuple[str, str] | None = None
    for n, step in enumerate(steps):
        now = at(10 * n + 1)
        if step == "evict":
            ledger.live.evict(course_id)
            continue
        try:
            current = ledger.current_question(course_id, at=now, actor=CANDIDATE, rng=rng)
        except CertificationTestEndedError:
            return
        if current is None:
            return
        if step == "alert":
            ledger.raise_live_alert(course_id, current, at=now, actor=CANDIDATE)
            ledger.validate_live_alert(course_id, "IMAGE_NOT_DISPLAYING", at=now, actor=INVIGILATOR)
            continue
        if step == "repeat" and last is not None:
            ledger.answer_and_continue(course_id, *last, at=now, actor=CANDIDATE, rng=rng)
            continue
        value = right_answer(ledger.bank.challenge(current)) if step == "right" else WRONG
        ledger.answer_and_continue(course_id, current, value, at=now, actor=CANDIDATE, rng=rng)
        last = (current, value)


def served(ledger: CertificationLedger, course_id: UUID) -> list[tuple[object, ...]]:
    return [
        (e.challenge_id, tuple(e.candidate_ids), tuple(e.draws), e.rank, e.capacity)
        for e in ledger.events.get(course_id)
        if isinstance(e, CertificationCourse.ChallengeServed)
    ]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS, seed=st.integers(0, 2**32 - 1))
def test_the_live_course_chooses_what_a_replay_from_its_events_chooses(
    ledgers: tuple[CertificationLedger, CertificationLedger], steps: list[str], seed: int
) -> None:
    live, replayed = ledgers
    session, user = uuid4(), uuid4()
    live_course = begin(live, session, user)
    sit(live, live_course, steps, seed)
    replayed_course = begin(replayed, session, user)
    sit(replayed, replayed_course, steps, seed)
    # Same questions, candidates, draws, ranks and capacities as with no state kept at all...
    assert served(live, live_course) == served(replayed, replayed_course)
    # ...and each one what the engine gives back when the events are replayed (audit replay).
    report = replay_course(list(live.events.get(live_course)), [], live.bank)
    assert report.differences == []
    assert report.questions == len(served(live, live_course))


@settings(max_examples=30, deadline=None)
@given(
    statuses=st.lists(st.sampled_from(["ok", "ko", "aband"]), min_size=1, max_size=32),
    cut=st.integers(0, 32),
)
def test_a_folded_test_equals_the_replayed_test_after_any_answers(
    statuses: list[str], cut: int
) -> None:
    ledger = CertificationLedger({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    course_id = begin(ledger, uuid4(), uuid4())
    course = ledger.get_course(course_id)
    folded, rng = FoldedTest(), np.random.default_rng(1)
    for n, status in enumerate(statuses):
        choice = choose_next(course, ledger.bank, rng, folded if n >= cut else None)
        assert choice is not None
        course._serve(choice.challenge_id, choice.capacity, list(choice.candidate_ids),
                      list(choice.draws), choice.rank, at(n), "x", "CANDIDATE")  # fmt: skip
        course._answer(choice.challenge_id, "v", status, at(n), 1, "x", "CANDIDATE")
        test = folded.test_for(course, ledger.bank)
        replay = AdaptiveTest.replay(
            course_pool(course, ledger.bank), flash_configuration(course), course_answers(course)
        )
        assert test.capacity == replay.capacity
        assert test.history == replay.history
        assert test.next_challenges().candidate_ids == replay.next_challenges().candidate_ids
