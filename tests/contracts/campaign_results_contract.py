"""The campaign results read model's contract on every backend: rebuilt equals incremental,
and what it says agrees with the events (certifiability at each share instant).

Subclasses in each tier provide the ``settings`` fixture (memory, SQLite, PostgreSQL).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

import numpy as np
import pytest

from api import bootstrap
from api.settings import Settings
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.campaigns.simulation import take_campaign
from domain.positioning.simulation import position_learner
from projections.campaign_results import CampaignResultsView
from projections.runner import CatchUpRunner
from tests.factories import T0

ADMIN = Actor.system("test")
DIVISIONS = ("3A", "3B")


def pupils_csv(count: int) -> bytes:
    """``count`` pupils, alternately in 3A and 3B, with INEs."""
    lines = ["first_name,last_name,birthdate,division,national_student_id"]
    for n in range(count):
        lines.append(
            f"Élève{n},Nom{n},2012-{1 + n % 12:02d}-{1 + n % 27:02d},"
            f"{DIVISIONS[n % 2]},{100000000 + n:09d}AB"
        )
    return ("\n".join(lines) + "\n").encode()


@dataclass
class School:
    """What the scenario built: ids, and each pupil's share instants in the collection."""

    organisation_id: UUID
    assessment_id: UUID
    collection_id: UUID
    pupils: list[UUID] = field(default_factory=list)
    collection_shares: dict[UUID, datetime] = field(default_factory=dict)


def run_school(
    ledger: CertificationLedger,
    runner: CatchUpRunner[CampaignResultsView],
    pupils: int,
    seed: int = 3,
) -> School:
    """A school whose pupils join both campaigns; the view catches up after each pupil."""
    rng = np.random.default_rng(seed)
    org = ledger.create_organisation(
        type="SCO", name="Collège Test", uai="0759999Z", created_at=T0, actor=ADMIN
    )
    ledger.import_organisation_learners(org, pupils_csv(pupils), imported_at=T0, actor=ADMIN)
    assessment = ledger.create_campaign(
        org,
        type="ASSESSMENT",
        name="Recherche",
        target_profile_id="searching-level-2",
        multiple_sendings=True,
        external_id_label="Numéro d'élève",
        created_at=T0,
        actor=ADMIN,
        rng=random.Random(seed),
    )
    collection = ledger.create_campaign(
        org,
        type="PROFILES_COLLECTION",
        name="Certifiables",
        created_at=T0,
        actor=ADMIN,
        rng=random.Random(seed + 1),
    )
    school = School(org, assessment.campaign_id, collection.campaign_id)
    for n in range(pupils):
        clock = T0 + timedelta(hours=n)
        user = ledger.register_learner(
            password="a long password",
            first_name=f"eleve{n}",  # matched without accents or case
            last_name=f"NOM{n}",
            birthdate=date(2012, 1 + n % 12, 1 + n % 27),
            username=f"pupil-{seed}-{n}",
            registered_at=clock,
            actor=ADMIN,
        )
        me = Actor(id=str(user), role="LEARNER")
        school.pupils.append(user)
        ledger.join_campaign(assessment.code, user, external_id=f"E{n}", joined_at=clock, actor=me)
        if n % 5 == 4:  # joined, never answered
            runner.catch_up()
            continue
        run = take_campaign(
            ledger, assessment.campaign_id, user, float(rng.uniform(0.5, 4)), rng,
            start=clock, actor=me,
        )  # fmt: skip
        clock = run.ended_at
        if n % 5 != 3:  # completed, not shared
            ledger.share_campaign_results(assessment.campaign_id, user, shared_at=clock, actor=me)
        if n % 5 == 0:  # a retry 4 days later
            clock += timedelta(days=4, minutes=1)
            ledger.retry_campaign(assessment.campaign_id, user, retried_at=clock, actor=me)
            clock = take_campaign(
                ledger, assessment.campaign_id, user, 4.0, rng, start=clock, actor=me
            ).ended_at
            ledger.share_campaign_results(assessment.campaign_id, user, shared_at=clock, actor=me)
        if n % 3 != 2:  # some are positioned on five competences, some not
            for code in ("1.2", "2.1", "3.1", "4.1", "5.2")[: 5 if n % 2 == 0 else 2]:
                clock = position_learner(
                    ledger, user, code, 3.0, rng, start=clock, actor=me
                ).ended_at
        ledger.join_campaign(collection.code, user, joined_at=clock, actor=me)
        if n % 4 != 1:
            ledger.share_campaign_results(collection.campaign_id, user, shared_at=clock, actor=me)
            school.collection_shares[user] = clock
        runner.catch_up()
    return school


class CampaignResultsContract:
    pupils = 6

    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(
            settings.model_copy(update={"password_hash_log2_n": 10}),
            read_models=["campaign_results", "profiles"],
        )
        yield c
        c.close()

    @pytest.fixture
    def runner(self, container: bootstrap.Container) -> CatchUpRunner[CampaignResultsView]:
        r: CatchUpRunner[CampaignResultsView] = container.runners["campaign_results"]
        r.batch_size = 37
        return r

    def test_rebuilding_campaign_results_from_zero_gives_exactly_the_incremental_result(
        self, container: bootstrap.Container, runner: CatchUpRunner[CampaignResultsView]
    ) -> None:
        school = run_school(container.ledger, runner, self.pupils)
        view = runner.view
        incremental = view.all_documents()
        answers = (
            view.participant_results(str(school.assessment_id)),
            view.campaign_results(str(school.assessment_id)),
            [view.campaign_results(str(school.assessment_id), division=d) for d in DIVISIONS],
            view.certifiable_learners(str(school.organisation_id), division="3A"),
        )
        assert len(answers[0]) == self.pupils
        runner.rebuild()
        assert view.all_documents() == incremental
        assert (
            view.participant_results(str(school.assessment_id)),
            view.campaign_results(str(school.assessment_id)),
            [view.campaign_results(str(school.assessment_id), division=d) for d in DIVISIONS],
            view.certifiable_learners(str(school.organisation_id), division="3A"),
        ) == answers

    def test_the_certifiable_list_matches_certifiability_read_from_events_at_each_share(
        self, container: bootstrap.Container, runner: CatchUpRunner[CampaignResultsView]
    ) -> None:
        ledger = container.ledger
        school = run_school(ledger, runner, self.pupils, seed=8)
        organisation = ledger.get_organisation(school.organisation_id)
        listed = {
            UUID(x.learner_id): x
            for d in DIVISIONS
            for x in runner.view.certifiable_learners(str(school.organisation_id), division=d)
        }
        assert len(listed) == self.pupils
        verdicts = set()
        for user in school.pupils:
            row = listed[organisation.by_user[user]]
            shared_at = school.collection_shares.get(user)
            if shared_at is None:
                assert row.is_certifiable is None
                continue
            expected = ledger.get_certifiability(user, shared_at)
            assert row.is_certifiable is expected.is_certifiable
            assert row.pix_score == sum(c.pix for c in ledger.get_scorecards_at(user, shared_at))
            verdicts.add(expected.is_certifiable)
        assert verdicts == {True, False}  # the scenario has both kinds of pupils

    def test_collective_results_follow_the_shared_snapshots(
        self, container: bootstrap.Container, runner: CatchUpRunner[CampaignResultsView]
    ) -> None:
        school = run_school(container.ledger, runner, self.pupils, seed=5)
        campaign = container.ledger.get_campaign(school.assessment_id)
        rows = runner.view.participant_results(str(school.assessment_id))
        shared = [r for r in rows if r.status == "SHARED"]
        results = runner.view.campaign_results(str(school.assessment_id))
        assert results is not None
        assert results.by_status["SHARED"] == len(shared)
        assert results.participants == self.pupils
        skills = len(campaign.skills)
        for r in shared:
            assert r.mastery_rate == pytest.approx((r.validated_skills_count or 0) / skills)
        assert results.average_mastery_rate == pytest.approx(
            round(sum(r.mastery_rate or 0 for r in shared) / len(shared), 2), abs=0.0051
        )

    def test_the_profiles_view_counts_the_campaign_elements_as_the_events_do(
        self, container: bootstrap.Container, runner: CatchUpRunner[CampaignResultsView]
    ) -> None:
        ledger = container.ledger
        school = run_school(ledger, runner, 4, seed=11)
        profiles = container.runners["profiles"]
        profiles.catch_up()
        now = T0 + timedelta(days=30)
        for user in school.pupils:
            projected = profiles.view.get_profile(user, now=now, framework=ledger.framework)
            assert list(projected.scorecards) == ledger.get_scorecards_at(user, now)
            assert projected.scorecards[0].pix > 0  # 1.1: the campaign's elements
