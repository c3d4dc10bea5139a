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
from api.presenters import campaigns as presenters
from api.schemas.campaigns import CampaignPublic, CampaignResultsPublic, ParticipantsPublic
from domain.application import CertificationLedger
from domain.campaigns.campaign import Campaign

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
    return ParticipantsPublic(items=presenters.participants(ledger, view, campaign_id, division))


@router.get("/{campaign_id}/results", response_model=CampaignResultsPublic)
def read_campaign_results(
    campaign_id: UUID,
    user: Reading,
    ledger: LedgerDep,
    view: CampaignResultsViewDep,
    division: str | None = None,
) -> CampaignResultsPublic:
    """Collective results: counts by status, average mastery, success per competence/tube."""
    _campaign(ledger, user, campaign_id)
    return presenters.collective(view, campaign_id, division)


@router.get(
    "/{campaign_id}/export",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def read_export(
    campaign_id: UUID, user: Reading, ledger: LedgerDep, view: CampaignResultsViewDep
) -> Response:
    """The results as CSV (UTF-8 with BOM), Pix Orga's layout adapted (docs/campaigns.md)."""
    text, name = presenters.export(ledger, view, _campaign(ledger, user, campaign_id))
    return Response(
        content=text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
