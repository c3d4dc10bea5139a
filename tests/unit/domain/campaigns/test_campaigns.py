"""Campaign commands on a memory ledger: joining, sharing, retries, linking, and refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

import numpy as np
import pytest

from domain.application import CertificationLedger
from domain.campaigns.errors import (
    AlreadyParticipatingError,
    CampaignArchivedError,
    CampaignNotFoundError,
    CampaignRetryNotAllowedError,
    CampaignRetryTooEarlyError,
    ExternalIdRequiredError,
    LearnerImportInvalidError,
    NotInOrganisationError,
    ParticipationAlreadySharedError,
    ParticipationNotCompletedError,
    UaiTakenError,
)
from domain.campaigns.simulation import take_campaign
from domain.errors import ChallengeNotCurrentError
from domain.positioning.simulation import position_learner
from tests.factories import T0
from tests.unit.domain.campaigns.conftest import ADMIN, HEADER, campaign, learner


def events(ledger: CertificationLedger) -> int:
    return ledger.recorder.max_notification_id() or 0


def test_a_learner_is_linked_to_the_school_list_and_shares_elements_with_the_profile(
    ledger: CertificationLedger, school: UUID
) -> None:
    cid, code = campaign(ledger, school)
    user, me = learner(ledger)
    start = ledger.join_campaign(code.lower(), user, joined_at=T0, actor=me)
    assert (start.index, start.status) == (1, "STARTED")
    organisation = ledger.get_organisation(school)
    linked = organisation.by_user[user]
    assert ledger.organisation_learner(organisation, linked).last_name == "Lovelace"
    run = take_campaign(ledger, cid, user, 6.0, np.random.default_rng(1), start=T0, actor=me)
    card = ledger.get_scorecards_at(user, run.ended_at)[0]
    assert (card.competence_code, card.status) == ("1.1", "STARTED")
    assert card.pix > 0  # the campaign's elements are in the profile
    shared = ledger.share_campaign_results(cid, user, shared_at=run.ended_at, actor=me)
    skills = ledger.get_campaign(cid).skills
    assert shared.results["validated_skills_count"] == len(shared.results["validated_skill_ids"])
    assert shared.results["mastery_rate"] == shared.results["validated_skills_count"] / len(skills)
    assert shared.results["pix_score"] == card.pix
    [record] = ledger.campaign_records(user)  # the right of access
    assert record["code"] == code
    assert record["organisation_learner"]["last_name"] == "Lovelace"
    assert record["participations"][0]["results"] == shared.results
    assert [p.campaign_id for p in ledger.list_learner_campaigns(user)] == [cid]


def test_refusals_record_nothing(ledger: CertificationLedger, school: UUID) -> None:
    cid, code = campaign(ledger, school, label="Numéro")
    user, me = learner(ledger)
    stranger, them = learner(ledger, "Zoé", "Inconnue", date(2011, 1, 1))
    cases: list[tuple[type[Exception], Callable[[], object]]] = [
        (CampaignNotFoundError, lambda: ledger.join_campaign("ABCDEF234", user, joined_at=T0,
                                                             actor=me)),
        (CampaignNotFoundError, lambda: ledger.join_campaign("nonsense", user, joined_at=T0,
                                                             actor=me)),
        (ExternalIdRequiredError, lambda: ledger.join_campaign(code, user, joined_at=T0,
                                                               actor=me)),
        (NotInOrganisationError, lambda: ledger.join_campaign(code, stranger, joined_at=T0,
                                                              actor=them, external_id="x")),
        (UaiTakenError, lambda: ledger.create_organisation(type="SCO", name="B", uai="0751234A",
                                                           created_at=T0, actor=ADMIN)),
        (LearnerImportInvalidError, lambda: ledger.import_organisation_learners(
            school, (HEADER + "A,B,2011-01-01,,\n").encode(), imported_at=T0, actor=ADMIN)),
    ]  # fmt: skip
    for error, command in cases:
        before = events(ledger)
        with pytest.raises(error):
            command()
        assert events(ledger) == before, error
    ledger.join_campaign(code, user, joined_at=T0, actor=me, external_id=" E-12 ")
    before = events(ledger)
    with pytest.raises(AlreadyParticipatingError):
        ledger.join_campaign(code, user, joined_at=T0, actor=me, external_id="E-12")
    with pytest.raises(ParticipationNotCompletedError):
        ledger.share_campaign_results(cid, user, shared_at=T0, actor=me)
    assert events(ledger) == before
    sealed = ledger.get_campaign_participant(cid, user).participations[0].external_id
    assert sealed != "E-12"
    assert ledger.read_sealed(sealed) == "E-12"


def test_a_plain_retry_waits_four_whole_days_and_keeps_validated_elements(
    ledger: CertificationLedger, school: UUID
) -> None:
    cid, code = campaign(ledger, school, multiple=True)
    user, me = learner(ledger)
    ledger.join_campaign(code, user, joined_at=T0, actor=me)
    rng = np.random.default_rng(4)
    ended = take_campaign(ledger, cid, user, 1.0, rng, start=T0, actor=me).ended_at
    first = ledger.share_campaign_results(cid, user, shared_at=ended, actor=me).results
    assert first["validated_skills_count"] < first["skills_count"]
    with pytest.raises(ParticipationAlreadySharedError):
        ledger.share_campaign_results(cid, user, shared_at=ended, actor=me)
    with pytest.raises(CampaignRetryTooEarlyError) as early:
        ledger.retry_campaign(cid, user, retried_at=ended + timedelta(days=3, hours=23), actor=me)
    assert early.value.available_at == ended + timedelta(days=4)
    later = ended + timedelta(days=4)
    again = ledger.join_campaign(code, user, joined_at=later, actor=me)  # joining again = retry
    assert (again.index, again.improving) == (2, True)
    ended = take_campaign(ledger, cid, user, 8.0, rng, start=later, actor=me).ended_at
    second = ledger.share_campaign_results(cid, user, shared_at=ended, actor=me).results
    assert set(first["validated_skill_ids"]) <= set(second["validated_skill_ids"])
    assert second["validated_skills_count"] > first["validated_skills_count"]


def test_a_reset_retry_resets_only_the_campaign_skills_and_needs_the_profile_to_allow_it(
    ledger: CertificationLedger, school: UUID
) -> None:
    strict, strict_code = campaign(ledger, school, multiple=True, seed=2)
    cid, code = campaign(ledger, school, profile="area-1-level-3", multiple=True, seed=3)
    user, me = learner(ledger)
    rng = np.random.default_rng(5)
    clock = position_learner(ledger, user, "2.1", 3.0, rng, start=T0, actor=me).ended_at
    for c, k in ((strict, strict_code), (cid, code)):
        ledger.join_campaign(k, user, joined_at=clock, actor=me)
        clock = take_campaign(ledger, c, user, 2.0, rng, start=clock, actor=me).ended_at
        ledger.share_campaign_results(c, user, shared_at=clock, actor=me)
    later = clock + timedelta(days=5)
    with pytest.raises(CampaignRetryNotAllowedError):
        ledger.retry_campaign(strict, user, retried_at=later, actor=me, reset=True)
    before = {c.competence_code: c.pix for c in ledger.get_scorecards_at(user, later)}
    start = ledger.retry_campaign(cid, user, retried_at=later, actor=me, reset=True)
    assert start.reset_skill_ids
    skill_ids = {s.id for s in ledger.get_campaign(cid).skills}
    assert set(start.reset_skill_ids) <= skill_ids
    after = {c.competence_code: c.pix for c in ledger.get_scorecards_at(user, later)}
    assert after["2.1"] == before["2.1"] > 0  # outside the campaign: untouched
    assert after["1.1"] == after["1.2"] == after["1.3"] == 0


def test_a_profiles_collection_is_shared_at_once_with_the_certifiability_of_that_instant(
    ledger: CertificationLedger, school: UUID
) -> None:
    cid, code = campaign(ledger, school, kind="PROFILES_COLLECTION", profile=None, multiple=True)
    user, me = learner(ledger)
    rng = np.random.default_rng(6)
    start = ledger.join_campaign(code, user, joined_at=T0, actor=me)
    assert (start.status, start.assessment_id) == ("TO_SHARE", None)
    first = ledger.share_campaign_results(cid, user, shared_at=T0, actor=me).results
    assert (first["is_certifiable"], first["pix_score"], first["mastery_rate"]) == (False, 0, 0)
    clock = T0
    for code_ in ("1.1", "1.2", "2.1", "3.1", "4.1"):
        clock = position_learner(ledger, user, code_, 4.0, rng, start=clock, actor=me).ended_at
    ledger.retry_campaign(cid, user, retried_at=clock, actor=me)  # no delay for a collection
    second = ledger.share_campaign_results(cid, user, shared_at=clock, actor=me).results
    assert second["is_certifiable"] is ledger.get_certifiability(user, clock).is_certifiable
    assert second["is_certifiable"] is True
    assert second["mastery_rate"] == second["pix_score"] / ledger.framework.max_pix


def test_a_competence_reset_hands_the_running_campaign_over_to_a_new_assessment(
    ledger: CertificationLedger, school: UUID
) -> None:
    cid, code = campaign(ledger, school)
    user, me = learner(ledger)
    rng = np.random.default_rng(7)
    ledger.join_campaign(code, user, joined_at=T0, actor=me)
    nxt = ledger.campaign_next_challenge(cid, user, served_at=T0, actor=me, rng=rng)
    assert nxt.challenge is not None
    old = ledger.get_campaign_participant(cid, user).participations[0].assessment_id
    ledger.campaign_answer(cid, user, nxt.challenge.id, "#ABAND#", answered_at=T0, actor=me)
    pending = ledger.campaign_next_challenge(cid, user, served_at=T0, actor=me, rng=rng)
    assert pending.challenge is not None
    later = T0 + timedelta(days=8)
    ledger.reset_competence(user, "1.1", reset_at=later, actor=me)
    with pytest.raises(ChallengeNotCurrentError):
        ledger.campaign_answer(cid, user, pending.challenge.id, "#ABAND#", answered_at=later,
                               actor=me)  # fmt: skip
    take_campaign(ledger, cid, user, 3.0, rng, start=later, actor=me)
    participation = ledger.get_campaign_participant(cid, user).participations[0]
    assert participation.assessment_id != old
    assert participation.status == "TO_SHARE"


def test_an_archived_campaign_takes_no_one_and_no_share(
    ledger: CertificationLedger, school: UUID
) -> None:
    cid, code = campaign(ledger, school, kind="PROFILES_COLLECTION", profile=None)
    user, me = learner(ledger)
    ledger.join_campaign(code, user, joined_at=T0, actor=me)
    ledger.archive_campaign(cid, archived_at=T0, actor=ADMIN)
    other, them = learner(ledger, "Alan", "Turing", date(2011, 6, 23))
    with pytest.raises(CampaignArchivedError):
        ledger.join_campaign(code, other, joined_at=T0, actor=them)
    with pytest.raises(CampaignArchivedError):
        ledger.share_campaign_results(cid, user, shared_at=T0, actor=me)


def test_a_company_adds_whoever_joins_and_a_reimport_updates_by_ine(
    ledger: CertificationLedger, school: UUID
) -> None:
    company = ledger.create_organisation(type="PRO", name="ACME", created_at=T0, actor=ADMIN)
    _, code = campaign(ledger, company, kind="PROFILES_COLLECTION", profile=None)
    user, me = learner(ledger, "Grace", "Hopper", date(1990, 12, 9))
    ledger.join_campaign(code, user, joined_at=T0, actor=me)
    [found] = ledger.list_organisation_learners(company)
    assert (found.first_name, found.user_id) == ("Grace", user)
    moved = HEADER + "Ada,Lovelace,2011-12-10,4A,123456789AB\n"
    done = ledger.import_organisation_learners(school, moved.encode(), imported_at=T0, actor=ADMIN)
    assert (done.added, done.updated) == (0, 1)
    divisions = {x.last_name: x.division for x in ledger.list_organisation_learners(school)}
    assert divisions == {"Lovelace": "4A", "Turing": "3B"}
