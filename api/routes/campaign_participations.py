"""A learner in campaigns: join by code, answer, share the results, retry.

Every route acts for the calling learner only (``/campaign-participations/{campaign_id}`` is
the caller's own participation); the ledger refuses with stable codes and records nothing.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from api.auth import Authorized, authorize
from api.deps import ClockDep, LedgerDep, RngDep
from api.presenters.challenges import challenge_public
from api.schemas.campaigns import (
    CampaignAnswerCreate,
    CampaignAnswerPublic,
    CampaignNextChallengePublic,
    ParticipationCreate,
    ParticipationPublic,
    ParticipationsPublic,
    RetryCreate,
    SharedResultsPublic,
)
from api.schemas.learners import KnowledgeElementPublic, TutorialPublic
from domain.campaigns.outcomes import ParticipationStart

router = APIRouter(prefix="/campaign-participations", tags=["campaign participations"])

Participating = Annotated[Authorized, Depends(authorize("campaigns.participate"))]


@router.post("", response_model=ParticipationPublic, status_code=201)
def create_participation(
    body: ParticipationCreate, user: Participating, ledger: LedgerDep, clock: ClockDep
) -> ParticipationPublic:
    """Join the campaign with this code (again: a retry when multiple sendings allow it)."""
    return _participation(
        ledger.join_campaign(
            body.code,
            user.user_id,
            external_id=body.external_id,
            joined_at=clock(),
            actor=user.actor,
        )
    )


@router.get("", response_model=ParticipationsPublic)
def list_participations(user: Participating, ledger: LedgerDep) -> ParticipationsPublic:
    """The caller's latest participation in each campaign they joined, in joining order."""
    items = []
    for participant in ledger.list_learner_campaigns(user.user_id):
        last = participant.last
        assert last is not None
        items.append(
            ParticipationPublic(
                campaign_id=participant.campaign_id,
                participation_id=last.id,
                sending=last.index,
                status=last.status,
                assessment_id=last.assessment_id,
                improving=last.improving,
                reset_skill_ids=[],
            )
        )
    return ParticipationsPublic(items=items)


@router.get("/{campaign_id}", response_model=ParticipationPublic)
def read_participation(
    campaign_id: UUID, user: Participating, ledger: LedgerDep
) -> ParticipationPublic:
    """The caller's latest participation in the campaign."""
    participant = ledger.get_campaign_participant(campaign_id, user.user_id)
    last = participant.last
    assert last is not None
    return ParticipationPublic(
        campaign_id=campaign_id,
        participation_id=last.id,
        sending=last.index,
        status=last.status,
        assessment_id=last.assessment_id,
        improving=last.improving,
        reset_skill_ids=[],
    )


@router.post("/{campaign_id}/next-challenge", response_model=CampaignNextChallengePublic)
def create_participation_next_challenge(
    campaign_id: UUID, user: Participating, ledger: LedgerDep, clock: ClockDep, rng: RngDep
) -> CampaignNextChallengePublic:
    """The challenge to answer (served now if none awaits), or ``completed``."""
    nxt = ledger.campaign_next_challenge(
        campaign_id, user.user_id, served_at=clock(), actor=user.actor, rng=rng
    )
    return CampaignNextChallengePublic(
        completed=nxt.completed,
        challenge=challenge_public(nxt.challenge) if nxt.challenge else None,
        predicted_level=nxt.predicted_level,
    )


@router.post("/{campaign_id}/answers", response_model=CampaignAnswerPublic)
def create_participation_answer(
    campaign_id: UUID,
    body: CampaignAnswerCreate,
    user: Participating,
    ledger: LedgerDep,
    clock: ClockDep,
) -> CampaignAnswerPublic:
    """Answer the current challenge: status, knowledge elements (shared with the profile)."""
    out = ledger.campaign_answer(
        campaign_id,
        user.user_id,
        body.challenge_id,
        body.value,
        answered_at=clock(),
        actor=user.actor,
    )
    return CampaignAnswerPublic(
        challenge_id=out.challenge_id,
        status=out.status,
        knowledge_elements=[
            KnowledgeElementPublic(
                skill_id=k.skill_id, source=k.source, status=k.status, earned_pix=k.earned_pix
            )
            for k in out.elements
        ],
        tutorials_kind=out.tutorials_kind,
        tutorials=[
            TutorialPublic(id=t.id, title=t.title, url=t.url, kind=t.kind) for t in out.tutorials
        ],
    )


@router.post("/{campaign_id}/share", response_model=SharedResultsPublic)
def create_share(
    campaign_id: UUID, user: Participating, ledger: LedgerDep, clock: ClockDep
) -> SharedResultsPublic:
    """Send the results to the organisation: the snapshot is fixed now."""
    shared = ledger.share_campaign_results(
        campaign_id, user.user_id, shared_at=clock(), actor=user.actor
    )
    r = shared.results
    return SharedResultsPublic(
        campaign_id=campaign_id,
        participation_id=shared.participation_id,
        shared_at=shared.shared_at,
        mastery_rate=r["mastery_rate"],
        validated_skills_count=r["validated_skills_count"],
        skills_count=r["skills_count"],
        pix_score=r["pix_score"],
        is_certifiable=r["is_certifiable"],
        competences=r["competences"],
    )


@router.post("/{campaign_id}/retry", response_model=ParticipationPublic, status_code=201)
def create_participation_retry(
    campaign_id: UUID, body: RetryCreate, user: Participating, ledger: LedgerDep, clock: ClockDep
) -> ParticipationPublic:
    """A new sending ("Retenter"), or with ``reset`` ("Remettre à zéro et tout retenter")."""
    return _participation(
        ledger.retry_campaign(
            campaign_id,
            user.user_id,
            reset=body.reset,
            external_id=body.external_id,
            retried_at=clock(),
            actor=user.actor,
        )
    )


def _participation(start: ParticipationStart) -> ParticipationPublic:
    return ParticipationPublic(
        campaign_id=start.campaign_id,
        participation_id=start.participation_id,
        sending=start.index,
        status=start.status,
        assessment_id=start.assessment_id,
        improving=start.improving,
        reset_skill_ids=list(start.reset_skill_ids),
    )
