"""A campaign seen by its organisation: details, archive, participants, results, CSV export.

Members of the campaign's organisation (and overseers, for reads) only; a member of another
organisation gets 403 ``out_of_scope``. Results come from the ``campaign_results`` view.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from api.auth import Authorized, authorize
from api.auth.organisation_guard import ensure_organisation_member
from api.deps import CampaignResultsViewDep, ClockDep, LedgerDep
from api.schemas.campaigns import (
    CampaignPublic,
    CampaignResultsPublic,
    ParticipantPublic,
    ParticipantsPublic,
)
from domain.application import CertificationLedger
from domain.campaigns.campaign import ASSESSMENT, Campaign
from domain.campaigns.errors import CampaignNotFoundError
from projections.campaign_results.exports import (
    assessment_results_csv,
    profiles_collection_csv,
)

router = APIRouter(prefix="/campaigns", tags=["campaigns"])

Reading = Annotated[Authorized, Depends(authorize("campaigns.results.read"))]
Managing = Annotated[Authorized, Depends(authorize("campaigns.campaigns.manage"))]


def _campaign(
    ledger: CertificationLedger, user: Authorized, campaign_id: UUID, *, write: bool = False
) -> Campaign:
    campaign = ledger.get_campaign(campaign_id)
    ensure_organisation_member(user, ledger, campaign.organisation_id, write=write)
    return campaign


@router.get("/{campaign_id}", response_model=CampaignPublic)
def read_campaign(campaign_id: UUID, user: Reading, ledger: LedgerDep) -> CampaignPublic:
    """The campaign: type, code, target profile, options, archive date."""
    return CampaignPublic.of(_campaign(ledger, user, campaign_id))


@router.post("/{campaign_id}/archive", response_model=CampaignPublic)
def create_archive(
    campaign_id: UUID, user: Managing, ledger: LedgerDep, clock: ClockDep
) -> CampaignPublic:
    """Archive the campaign: nobody joins or shares any more."""
    _campaign(ledger, user, campaign_id, write=True)
    ledger.archive_campaign(campaign_id, archived_at=clock(), actor=user.actor)
    return CampaignPublic.of(ledger.get_campaign(campaign_id))


@router.get("/{campaign_id}/participants", response_model=ParticipantsPublic)
def list_participants(
    campaign_id: UUID,
    user: Reading,
    ledger: LedgerDep,
    view: CampaignResultsViewDep,
    division: str | None = None,
) -> ParticipantsPublic:
    """Each participant's latest participation: status, progress, and the shared results."""
    _campaign(ledger, user, campaign_id)
    unseal = ledger.read_sealed
    items = [
        ParticipantPublic(
            participation_id=UUID(r.participation_id),
            learner_id=UUID(r.learner_id),
            first_name=unseal(r.first_name),
            last_name=unseal(r.last_name),
            division=r.division,
            external_id=unseal(r.external_id) if r.external_id else "",
            sending=r.index,
            status=r.status,
            progress=r.progress,
            started_at=r.started_at,
            shared_at=r.shared_at or None,
            mastery_rate=r.mastery_rate,
            validated_skills_count=r.validated_skills_count,
            competence_mastery=r.competence_mastery,
            pix_score=r.pix_score,
            is_certifiable=r.is_certifiable,
        )
        for r in view.participant_results(str(campaign_id), division=division)
    ]
    items.sort(key=lambda x: (x.last_name.lower(), x.first_name.lower(), str(x.learner_id)))
    return ParticipantsPublic(items=items)


@router.get("/{campaign_id}/results", response_model=CampaignResultsPublic)
def read_results(
    campaign_id: UUID,
    user: Reading,
    ledger: LedgerDep,
    view: CampaignResultsViewDep,
    division: str | None = None,
) -> CampaignResultsPublic:
    """Collective results: counts by status, average mastery, success per competence/tube."""
    _campaign(ledger, user, campaign_id)
    results = view.campaign_results(str(campaign_id), division=division)
    if results is None:  # created but not yet in the view
        raise CampaignNotFoundError(f"campaign {campaign_id} is not in the results view yet")
    return CampaignResultsPublic(
        campaign_id=campaign_id,
        division=division,
        participants=results.participants,
        by_status=results.by_status,
        shared=results.shared,
        average_mastery_rate=results.average_mastery_rate,
        competence_success=results.competence_success,
        tube_success=results.tube_success,
        certifiable=results.certifiable,
        average_pix=results.average_pix,
    )


@router.get(
    "/{campaign_id}/export",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def read_export(
    campaign_id: UUID, user: Reading, ledger: LedgerDep, view: CampaignResultsViewDep
) -> Response:
    """The results as CSV (UTF-8 with BOM), Pix Orga's layout adapted (docs/campaigns.md)."""
    campaign = _campaign(ledger, user, campaign_id)
    document = view.campaign(str(campaign_id))
    organisation = ledger.get_organisation(campaign.organisation_id)
    if document is None:
        raise CampaignNotFoundError(f"campaign {campaign_id} is not in the results view yet")
    export = assessment_results_csv if campaign.type == ASSESSMENT else profiles_collection_csv
    text = export(
        organisation={"type": organisation.type, "name": organisation.name},
        campaign_id=str(campaign_id),
        campaign=document,
        rows=view.participant_results(str(campaign_id)),
        framework=ledger.framework,
        unseal=ledger.read_sealed,
    )
    name = f"{campaign.code}-{'resultats' if campaign.type == ASSESSMENT else 'profils'}.csv"
    return Response(
        content="\ufeff" + text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
