"""The cheap copies of cached aggregates are as independent as ``deepcopy`` made them (ADR 1540).

``copy_flat_state`` copies lists, dicts and sets one level down and shares their items, which
is sound only if every shared item is immutable: checked here on real histories (hashable
items only), with the copy equal to the original and its containers new.
"""

from __future__ import annotations

import pickle
import random
from copy import deepcopy
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import numpy as np
import pytest

from domain.actors import Actor
from domain.application import CertificationLedger
from domain.assessment import Assessment
from domain.campaigns.campaign import CampaignParticipant
from domain.campaigns.simulation import take_campaign
from domain.positioning.evaluation import CompetenceEvaluation
from domain.positioning.simulation import position_learner
from tests.factories import T0
from tests.fakes import InMemoryVault

ADMIN = Actor.system("test")
FLAT = (Assessment, CompetenceEvaluation)


@pytest.fixture(scope="module")
def ledger() -> CertificationLedger:
    """A learner who positioned on 1.1, then took and shared a campaign of area 1."""
    ledger = CertificationLedger(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"}, vault=InMemoryVault(), password_log2_n=10
    )
    org = ledger.create_organisation(type="SCO", name="C", uai="0751234a", created_at=T0,
                                     actor=ADMIN)  # fmt: skip
    csv = "first_name,last_name,birthdate,division,national_student_id\n"
    csv += "Ada,Lovelace,2011-12-10,3A,123456789AB\n"
    ledger.import_organisation_learners(org, csv.encode(), imported_at=T0, actor=ADMIN)
    created = ledger.create_campaign(org, type="ASSESSMENT", name="C", created_at=T0,
                                     actor=ADMIN, rng=random.Random(1),
                                     target_profile_id="searching-level-2")  # fmt: skip
    user = ledger.register_learner(password="a long password", first_name="Ada",
                                   last_name="Lovelace", birthdate=date(2011, 12, 10),
                                   username=f"u-{uuid4().hex[:8]}", registered_at=T0,
                                   actor=ADMIN)  # fmt: skip
    actor = Actor(id=str(user), role="LEARNER")
    rng = np.random.default_rng(5)
    position_learner(ledger, user, "1.1", 3.0, rng, start=T0, actor=actor)
    later = T0 + timedelta(days=1)
    ledger.join_campaign(created.code, user, joined_at=later, actor=actor)
    run = take_campaign(ledger, created.campaign_id, user, 3.0, rng, start=later, actor=actor)
    ledger.share_campaign_results(created.campaign_id, user, shared_at=run.ended_at, actor=actor)
    return ledger


def aggregates(ledger: CertificationLedger, kinds: tuple[type, ...]) -> list[Any]:
    ids = {n.originator_id for n in ledger.recorder.select_notifications(start=1, limit=10**6)}
    found: list[Any] = [ledger.repository.get(UUID(str(i))) for i in ids]
    return [a for a in found if isinstance(a, kinds)]


def test_flat_aggregates_hold_only_immutable_items(ledger: CertificationLedger) -> None:
    found = aggregates(ledger, FLAT)
    assert {type(a) for a in found} == set(FLAT)
    for aggregate in found:
        for name, value in vars(aggregate).items():
            if isinstance(value, dict):
                items: list[Any] = [*value.keys(), *value.values()]
            elif isinstance(value, list | set):
                items = list(value)
            else:
                items = [value]
            for item in items:
                hash(item)  # TypeError for a mutable item: copy_flat_state would share it
            assert not isinstance(value, tuple) or all(
                not isinstance(x, list | dict | set) for x in value
            ), name


@pytest.mark.parametrize("kind", [Assessment, CompetenceEvaluation, CampaignParticipant])
def test_a_copy_equals_the_original_and_shares_no_container(
    ledger: CertificationLedger, kind: type
) -> None:
    for original in aggregates(ledger, (kind,)):
        before = pickle.dumps(original)
        copy = deepcopy(original)
        assert pickle.dumps(copy) == before
        for name, value in vars(original).items():
            if isinstance(value, list | dict | set):
                assert vars(copy)[name] is not value, name
        if isinstance(copy, CampaignParticipant):
            for mine, theirs in zip(copy.participations, original.participations, strict=True):
                assert mine is not theirs
                assert mine.results is not theirs.results


def test_events_on_a_copy_leave_the_original_unchanged(ledger: CertificationLedger) -> None:
    for original in aggregates(ledger, (CompetenceEvaluation,)):
        before = pickle.dumps(original)
        copy = deepcopy(original)
        copy._reset_for_campaign(tuple(sorted(copy.current())), T0 + timedelta(days=30), "a", "b")
        copy._record_for_campaign(uuid4(), "c", "ok", (), T0, "a", "b")
        assert pickle.dumps(original) == before
    for participant in aggregates(ledger, (CampaignParticipant,)):
        before = pickle.dumps(participant)
        copy = deepcopy(participant)
        copy.participations[-1].results["mastery_rate"] = -1
        copy._start(uuid4(), 2, uuid4(), "", True, (), T0, "a", "b")
        assert pickle.dumps(participant) == before
