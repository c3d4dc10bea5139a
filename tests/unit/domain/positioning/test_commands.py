from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import numpy as np
import pytest

from domain.application import CertificationLedger
from domain.bank import Challenge
from domain.errors import AssessmentCompletedError, ChallengeNotCurrentError
from domain.positioning.errors import (
    AnswerAlreadyRecordedError,
    AnswerFormatError,
    CompetenceNotFoundError,
    NothingToResetError,
    ResetTooEarlyError,
    RetryNotAllowedError,
    RetryTooEarlyError,
    TutorialNotFoundError,
)
from domain.positioning.simulation import position_learner, wrong_answer
from tests.factories import ACTOR, T0, right_answer


@pytest.fixture
def ledger() -> CertificationLedger:
    return CertificationLedger({"PERSISTENCE_MODULE": "eventsourcing.popo"})


def rng() -> np.random.Generator:
    return np.random.default_rng(11)


def served(ledger: CertificationLedger, learner: UUID, code: str = "1.1") -> tuple[UUID, Challenge]:
    start = ledger.start_competence_evaluation(learner, code, started_at=T0, actor=ACTOR)
    nxt = ledger.next_challenge(start.assessment_id, served_at=T0, actor=ACTOR, rng=rng())
    assert nxt.challenge is not None
    return start.assessment_id, nxt.challenge


def events(ledger: CertificationLedger) -> int:
    return ledger.recorder.max_notification_id() or 0


def complete(
    ledger: CertificationLedger,
    learner: UUID,
    level: float,
    code: str = "1.1",
    start: datetime = T0,
) -> datetime:
    run = position_learner(ledger, learner, code, level, rng(), start=start, actor=ACTOR)
    return run.ended_at


def test_starting_twice_resumes_the_same_assessment() -> None:
    ledger = CertificationLedger({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    learner = uuid4()
    first = ledger.start_competence_evaluation(learner, "2.1", started_at=T0, actor=ACTOR)
    again = ledger.start_competence_evaluation(learner, "2.1", started_at=T0, actor=ACTOR)
    assert (again.assessment_id, first.resumed, again.resumed) == (first.assessment_id, False, True)
    assert ledger.get_assessment(first.assessment_id).kind == "COMPETENCE_EVALUATION"


def test_the_next_challenge_is_the_one_awaiting_an_answer_until_it_is_answered(
    ledger: CertificationLedger,
) -> None:
    aid, challenge = served(ledger, uuid4())
    again = ledger.next_challenge(aid, served_at=T0, actor=ACTOR, rng=rng())
    assert again.challenge == challenge
    selection = ledger.get_assessment(aid)
    assert selection.served == [challenge.id]


def test_the_served_challenge_records_the_algorithm_and_its_draw(
    ledger: CertificationLedger,
) -> None:
    _aid, challenge = served(ledger, uuid4())
    notifications = ledger.recorder.select_notifications(start=1, limit=100)
    served_event: Any = [ledger.mapper.to_domain_event(n) for n in notifications][-1]
    assert served_event.challenge_id == challenge.id
    assert served_event.selection["algorithm"] == "smart-random"
    assert (
        served_event.selection["candidates"][served_event.selection["skill_draw"]]
        == challenge.skill_id
    )


def test_an_answer_records_its_knowledge_elements_and_offers_tutorials(
    ledger: CertificationLedger,
) -> None:
    learner = uuid4()
    aid, challenge = served(ledger, learner)
    outcome = ledger.answer_challenge(
        aid,
        challenge.id,
        right_answer(challenge),
        answered_at=T0 + timedelta(seconds=5),
        actor=ACTOR,
    )
    assert outcome.status == "ok"
    assert outcome.elements[0].skill_id == challenge.skill_id
    assert outcome.elements[0].source == "direct"
    assert outcome.tutorials_kind == "to_learn_more"
    assert all(t.kind == "to_learn_more" for t in outcome.tutorials)
    assert outcome.tutorials
    evaluation = ledger.get_competence_evaluation(learner, "1.1")
    assert set(evaluation.current()) == {k.skill_id for k in outcome.elements}


def test_a_wrong_answer_offers_the_tutorials_to_succeed_next_time(
    ledger: CertificationLedger,
) -> None:
    aid, challenge = served(ledger, uuid4())
    outcome = ledger.answer_challenge(
        aid, challenge.id, wrong_answer(challenge), answered_at=T0, actor=ACTOR
    )
    assert outcome.status == "ko"
    assert outcome.tutorials
    assert all(t.kind == "to_succeed" for t in outcome.tutorials)
    assert all(k.earned_pix == 0 for k in outcome.elements)


def test_a_level_up_is_reported_in_the_answer() -> None:
    ledger = CertificationLedger({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    run = position_learner(ledger, uuid4(), "1.1", 8.0, rng(), start=T0, actor=ACTOR)
    assert run.level_ups >= 1


def test_answering_a_challenge_that_is_not_the_current_one_records_nothing(
    ledger: CertificationLedger,
) -> None:
    aid, challenge = served(ledger, uuid4())
    other = next(c for c in ledger.bank.servable_challenges("1.1") if c.id != challenge.id)
    before = events(ledger)
    with pytest.raises(ChallengeNotCurrentError):
        ledger.answer_challenge(aid, other.id, right_answer(other), answered_at=T0, actor=ACTOR)
    assert events(ledger) == before


def test_answering_twice_differently_is_refused_with_its_own_code(
    ledger: CertificationLedger,
) -> None:
    aid, challenge = served(ledger, uuid4())
    ledger.answer_challenge(aid, challenge.id, right_answer(challenge), answered_at=T0, actor=ACTOR)
    before = events(ledger)
    with pytest.raises(AnswerAlreadyRecordedError) as refused:
        ledger.answer_challenge(aid, challenge.id, "not the same", answered_at=T0, actor=ACTOR)
    assert refused.value.code == "answer_already_recorded"
    assert events(ledger) == before


def test_an_answer_that_does_not_fit_the_challenge_type_records_nothing(
    ledger: CertificationLedger,
) -> None:
    aid, challenge = served(ledger, uuid4())
    bad = {"QCU": "7,8", "QCM": "abc", "QROC": "a\nb", "QROCM-ind": "x", "QROCM-dep": "x"}
    before = events(ledger)
    with pytest.raises(AnswerFormatError) as refused:
        ledger.answer_challenge(aid, challenge.id, bad[challenge.type], answered_at=T0, actor=ACTOR)
    assert refused.value.code == "answer_format_invalid"
    assert events(ledger) == before


def test_an_unknown_competence_is_refused(ledger: CertificationLedger) -> None:
    with pytest.raises(CompetenceNotFoundError) as refused:
        ledger.start_competence_evaluation(uuid4(), "9.9", started_at=T0, actor=ACTOR)
    assert refused.value.code == "competence_not_found"
    assert events(ledger) == 0


def test_the_evaluation_completes_when_no_skill_is_left(ledger: CertificationLedger) -> None:
    learner = uuid4()
    ended = complete(ledger, learner, 3.0)
    evaluation = ledger.get_competence_evaluation(learner, "1.1")
    assert evaluation.status == "COMPLETED"
    assert evaluation.assessment_id is not None
    assert ledger.get_assessment(evaluation.assessment_id).is_completed
    cards = ledger.get_scorecards_at(learner, ended)
    assert cards[0].status == "COMPLETED"
    assert cards[0].pix > 0
    with pytest.raises(AssessmentCompletedError):
        ledger.answer_challenge(evaluation.assessment_id, "x", "1", answered_at=ended, actor=ACTOR)


def test_a_reset_before_seven_days_is_refused_with_the_date_it_becomes_possible(
    ledger: CertificationLedger,
) -> None:
    learner = uuid4()
    ended = complete(ledger, learner, 3.0)
    last = max(
        k.created_at for k in ledger.get_competence_evaluation(learner, "1.1").current().values()
    )
    before = events(ledger)
    with pytest.raises(ResetTooEarlyError) as refused:
        ledger.reset_competence(learner, "1.1", reset_at=ended + timedelta(days=6), actor=ACTOR)
    assert refused.value.available_at == last + timedelta(days=7)
    assert refused.value.available_at.isoformat() in refused.value.detail
    assert refused.value.code == "reset_too_early"
    assert events(ledger) == before


def test_a_reset_after_seven_days_drops_the_competence_to_zero(ledger: CertificationLedger) -> None:
    learner = uuid4()
    ended = complete(ledger, learner, 4.0)
    later = ended + timedelta(days=7)
    ledger.reset_competence(learner, "1.1", reset_at=later, actor=ACTOR)
    card = ledger.get_scorecards_at(learner, later)[0]
    assert (card.status, card.pix, card.level) == ("NOT_STARTED", 0, 0)
    assert ledger.get_scorecards_at(learner, ended)[0].pix > 0  # the past is kept
    again = ledger.start_competence_evaluation(learner, "1.1", started_at=later, actor=ACTOR)
    assert not again.resumed


def test_nothing_to_reset_without_knowledge_elements(ledger: CertificationLedger) -> None:
    with pytest.raises(NothingToResetError):
        ledger.reset_competence(uuid4(), "1.1", reset_at=T0, actor=ACTOR)


def test_a_retry_before_four_days_is_refused_with_the_date(ledger: CertificationLedger) -> None:
    learner = uuid4()
    ended = complete(ledger, learner, 3.0)
    with pytest.raises(RetryTooEarlyError) as refused:
        ledger.retry_competence(learner, "1.1", retried_at=ended + timedelta(days=3), actor=ACTOR)
    assert refused.value.remaining_days == 1


def test_a_retry_of_a_running_evaluation_is_not_allowed(ledger: CertificationLedger) -> None:
    learner = uuid4()
    served(ledger, learner)
    with pytest.raises(RetryNotAllowedError):
        ledger.retry_competence(learner, "1.1", retried_at=T0, actor=ACTOR)


def test_a_retry_keeps_validated_skills_and_asks_old_failures_again(
    ledger: CertificationLedger,
) -> None:
    learner = uuid4()
    ended = complete(ledger, learner, 3.0)
    evaluation = ledger.get_competence_evaluation(learner, "1.1")
    validated = {s for s, k in evaluation.current().items() if k.is_validated}
    failed = {s for s, k in evaluation.current().items() if not k.is_validated}
    later = ended + timedelta(days=5)
    retry = ledger.retry_competence(learner, "1.1", retried_at=later, actor=ACTOR)
    assert retry.improving
    assert not retry.resumed
    nxt = ledger.next_challenge(retry.assessment_id, served_at=later, actor=ACTOR, rng=rng())
    assert nxt.challenge is not None
    assert nxt.challenge.skill_id not in validated
    situation = ledger._situation(
        ledger.get_competence_evaluation(learner, "1.1"), ledger.get_assessment(retry.assessment_id)
    )
    assert validated <= set(situation.known)
    assert not (failed & set(situation.known))


def test_certifiability_answers_for_a_past_instant_from_events(ledger: CertificationLedger) -> None:
    learner = uuid4()
    instants = []
    for day, code in enumerate(("1.1", "1.2", "2.1", "3.1", "4.1")):
        instants.append(complete(ledger, learner, 5.0, code, T0 + timedelta(days=day)))
    before_fifth = instants[3] + timedelta(seconds=1)
    assert not ledger.get_certifiability(learner, before_fifth).is_certifiable
    now = ledger.get_certifiability(learner, instants[-1])
    assert now.is_certifiable
    assert now.competence_levels["4.1"] >= 1
    assert now.competence_levels["5.2"] == 0
    assert now.pix_score > 0
    assert now.at == instants[-1]
    assert not ledger.get_certifiability(learner, T0 - timedelta(days=1)).is_certifiable


def test_a_learner_saves_and_removes_tutorials(ledger: CertificationLedger) -> None:
    learner = uuid4()
    tutorial = ledger.bank.skills[0].tutorials[0]
    ledger.save_tutorial(learner, tutorial.id, saved_at=T0, actor=ACTOR)
    ledger.save_tutorial(learner, tutorial.id, saved_at=T0, actor=ACTOR)
    assert [s.tutorial for s in ledger.list_saved_tutorials(learner)] == [tutorial]
    ledger.remove_tutorial(learner, tutorial.id, removed_at=T0, actor=ACTOR)
    assert ledger.list_saved_tutorials(learner) == []
    with pytest.raises(TutorialNotFoundError):
        ledger.save_tutorial(learner, "no-such-tutorial", saved_at=T0, actor=ACTOR)
