"""Every served challenge is what a plain replay of the events would choose (ADR 1541).

The ledger chooses with precomputed pools, a probability table and aggregates copied cheaply;
here the whole log is replayed event by event into fresh aggregates and, at each
``ChallengeServed``, the choice is recomputed with a deliberately plain implementation of the
rules (spec C): the recorded candidates, estimate, reward and challenge must be the same.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.actors import Actor
from domain.application import CertificationLedger
from domain.assessment import Assessment
from domain.campaigns.campaign import CampaignParticipant
from domain.campaigns.content import CampaignContent
from domain.campaigns.simulation import take_campaign
from domain.positioning.content import CompetenceContent
from domain.positioning.evaluation import CompetenceEvaluation
from domain.positioning.knowledge import KnowledgeElement
from domain.positioning.queries import kept_for_improving
from domain.positioning.simulation import position_learner
from domain.stored_events import decode
from tests.factories import T0
from tests.fakes import InMemoryVault

ADMIN = Actor.system("test")
LEVELS = (0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5)


def plain_choice(
    targets: Any, challenges: Any, known: dict[str, KnowledgeElement], answered: set[str],
    last_timed: bool | None,
) -> tuple[list[str], float, float | None, dict[str, list[Any]], bool]:  # fmt: skip
    """Candidates, estimate, reward, remaining challenges by skill, untimed-only: spec C."""
    with_challenge = {c.skill_id for c in challenges}
    tubes: dict[str, list[Any]] = {}
    for s in targets:
        if s.id in with_challenge:
            tubes.setdefault(s.tube_id, []).append(s)
    for tube in tubes.values():
        tube.sort(key=lambda s: s.difficulty)
    remaining: dict[str, list[Any]] = {}
    for c in sorted(challenges, key=lambda c: c.id):
        if c.id not in answered:
            remaining.setdefault(c.skill_id, []).append(c)
    skills = [s for s in targets if remaining.get(s.id) and s.id not in known]
    easy = {t for t, ss in tubes.items() if ss[-1].difficulty <= 3}
    skills = [s for s in skills if s.tube_id in easy] or skills

    def untimed(ss: list[Any]) -> tuple[list[Any], bool]:
        kept = [s for s in ss if not remaining[s.id][0].timed]
        return (kept, True) if kept else (ss, False)

    if last_timed is None:
        skills, only = untimed(skills)
        level2 = [s for s in skills if s.difficulty == 2]
        lowest = min((s.difficulty for s in skills), default=None)
        chosen = level2 or [s for s in skills if s.difficulty == lowest]
        return [s.id for s in chosen], 2.0, None, remaining, only
    obs = [(0, True), (7, False)]
    obs += [(k.difficulty, k.status == "validated") for k in known.values() if k.source == "direct"]

    def p(level: float, d: float) -> float:
        return 1.0 / (1.0 + math.exp(-(level - d)))

    scores = [-abs(sum((1.0 if ok else 0.0) - p(lv, d) for d, ok in obs)) for lv in LEVELS]
    level = LEVELS[scores.index(max(scores))]
    only = False
    if last_timed:
        skills, only = untimed(skills)
    skills = [s for s in skills if s.difficulty - level <= 2]
    rewards = []
    for s in skills:
        untested = [t for t in tubes[s.tube_id] if t.id not in known]
        easier = sum(1 for t in untested if t.difficulty <= s.difficulty)
        harder = sum(1 for t in untested if t.difficulty >= s.difficulty)
        q = p(level, s.difficulty)
        rewards.append(q * easier + (1 - q) * harder)
    best = max(rewards, default=0.0)
    kept = [s.id for s, r in zip(skills, rewards, strict=True) if r == best and r > 0]
    return kept, level, (best if kept else None), remaining, only


def replay_and_check(ledger: CertificationLedger) -> int:
    """Replay the whole log; check every served challenge; return how many were checked."""
    aggregates: dict[UUID, Any] = {}
    campaign_of: dict[UUID, UUID] = {}
    checked = 0
    for n in ledger.recorder.select_notifications(start=1, limit=1_000_000):
        event = decode(ledger.mapper, n)
        if isinstance(event, Assessment.ChallengeServed):
            check_served(ledger, aggregates, campaign_of, event)
            checked += 1
        aggregates[event.originator_id] = event.mutate(aggregates.get(event.originator_id))
        found = aggregates[event.originator_id]
        if isinstance(found, CampaignParticipant) and found.last and found.last.assessment_id:
            campaign_of[found.last.assessment_id] = found.campaign_id
    return checked


def check_served(
    ledger: CertificationLedger, aggregates: dict[UUID, Any], campaign_of: dict[UUID, UUID],
    event: Any,
) -> None:  # fmt: skip
    assessment: Assessment = aggregates[event.originator_id]
    known: dict[str, KnowledgeElement] = {}
    if assessment.kind == "CAMPAIGN":
        campaign = ledger.get_campaign(campaign_of[assessment.id])
        content: Any = CampaignContent.of(campaign.skills, ledger.bank)
        for code in content.competences:
            ev = aggregates.get(CompetenceEvaluation.create_id(assessment.subject_id, code))
            if ev is not None:
                known.update((s, k) for s, k in ev.current().items() if s in content.skills)
        known = kept_for_improving(known, assessment.started_at)
    else:
        content = CompetenceContent.of(ledger.bank, assessment.scope)
        ev = aggregates[CompetenceEvaluation.create_id(assessment.subject_id, assessment.scope)]
        known = {s: k for s, k in ev.current().items() if s in content.skills}
        if ev.improving:
            known = kept_for_improving(known, assessment.started_at)
    answers = assessment.answers
    last_timed = ledger.bank.challenge(answers[-1][0]).is_timed if answers else None
    candidates, level, best, remaining, only = plain_choice(
        content.targets, content.challenges, known, {c for c, _ in answers}, last_timed
    )
    selection = event.selection
    assert selection["candidates"] == candidates
    assert selection["predicted_level"] == level
    assert selection["reward"] == best
    skill = candidates[selection["skill_draw"]]
    options = [c for c in remaining[skill] if not (only and c.timed)] or remaining[skill]
    assert event.challenge_id == options[selection["challenge_draw"]].id


def school_campaign(ledger: CertificationLedger, seed: int) -> tuple[UUID, str]:
    org = ledger.create_organisation(
        type="SCO", name="Collège", uai="0751234a", created_at=T0, actor=ADMIN
    )
    pupils = "first_name,last_name,birthdate,division,national_student_id\n"
    pupils += "Ada,Lovelace,2011-12-10,3A,123456789AB\n"
    ledger.import_organisation_learners(org, pupils.encode(), imported_at=T0, actor=ADMIN)
    created = ledger.create_campaign(
        org, type="ASSESSMENT", name="Campagne", created_at=T0, actor=ADMIN,
        rng=random.Random(seed), target_profile_id="area-1-level-3", multiple_sendings=True,
    )  # fmt: skip
    return created.campaign_id, created.code


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    level=st.floats(0.5, 6.5),
    code=st.sampled_from(["1.1", "1.3", "2.1", "3.2", "5.1"]),
)
def test_every_positioning_choice_equals_a_plain_replay(seed: int, level: float, code: str) -> None:
    ledger = CertificationLedger({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    rng, learner = np.random.default_rng(seed), uuid4()
    actor = Actor(id=str(learner), role="LEARNER")
    run = position_learner(ledger, learner, code, level, rng, start=T0, actor=actor)
    # A retry ("Retenter") keeps validated elements and asks old failures again.
    later = run.ended_at + timedelta(days=5)
    if ledger.get_competence_evaluation(learner, code).current():
        try:
            ledger.retry_competence(learner, code, retried_at=later, actor=actor)
        except Exception:  # the highest level: nothing to retry, the first run is still checked
            pass
        else:
            position_learner(ledger, learner, code, level + 1, rng, start=later, actor=actor)
    assert replay_and_check(ledger) >= run.answers


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), level=st.floats(0.5, 5.5))
def test_every_campaign_choice_equals_a_plain_replay(seed: int, level: float) -> None:
    ledger = CertificationLedger(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"}, vault=InMemoryVault(), password_log2_n=10
    )
    campaign_id, code = school_campaign(ledger, seed)
    user = ledger.register_learner(
        password="a long password", first_name="Ada", last_name="Lovelace",
        birthdate=date(2011, 12, 10), username=f"u-{uuid4().hex[:12]}", registered_at=T0,
        actor=ADMIN,
    )  # fmt: skip
    actor = Actor(id=str(user), role="LEARNER")
    rng = np.random.default_rng(seed)
    # Elements from the learner's own positioning count as known in the campaign (ADR 1201).
    position_learner(ledger, user, "1.2", level, rng, start=T0, actor=actor)
    ledger.join_campaign(code, user, joined_at=T0 + timedelta(hours=1), actor=actor)
    run = take_campaign(ledger, campaign_id, user, level, rng,
                        start=T0 + timedelta(hours=1), actor=actor)  # fmt: skip
    assert replay_and_check(ledger) > run.answers
