"""Pix Orga pages: an organisation's campaigns, a campaign's results, certifiable pupils.

Organisation staff (ORGA_ADMIN, ORGA_MEMBER) see their own organisations only; administrators
and auditors see all. The same rules as the API (``api/routes/organisations.py``,
``campaigns.py``): the ledger decides, these pages only present; a refusal is shown as a page
with its stable code.
"""

from __future__ import annotations

import random
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth.organisation_guard import ensure_organisation_member
from api.deps import CampaignResultsViewDep, ClockDep, LedgerDep
from api.errors import status_for
from api.pages.guard import PageUser, require_staff
from api.pages.sign_in import HOME_LINKS
from api.pages.templating import render
from api.presenters import campaigns as presenters
from domain.application import CertificationLedger
from domain.campaigns.campaign import Campaign
from domain.campaigns.target_profiles import load_target_profiles
from domain.errors import LedgerError

router = APIRouter(tags=["pages"], include_in_schema=False)
HOME_LINKS.append(
    ("Organisations (Pix Orga)", "/pages/organisations", "campaigns.organisations.read")
)

Reading = Annotated[PageUser, Depends(require_staff("campaigns.organisations.read"))]
ReadingResults = Annotated[PageUser, Depends(require_staff("campaigns.results.read"))]
Campaigning = Annotated[PageUser, Depends(require_staff("campaigns.campaigns.manage"))]


def _refused(request: Request, error: LedgerError) -> HTMLResponse:
    context = {"code": error.code, "detail": error.detail, "title": "Refused"}
    return render(request, "error.html", context, status_code=status_for(error))


@router.get("/pages/organisations", response_class=HTMLResponse)
def read_organisations_page(
    request: Request, user: Reading, ledger: LedgerDep, view: CampaignResultsViewDep
) -> HTMLResponse:
    """The organisations the signed-in member belongs to (every one for overseers)."""
    found = []
    for organisation_id, doc in view.documents("organisation", ""):
        try:
            ensure_organisation_member(user, ledger, UUID(organisation_id))
        except LedgerError:
            continue
        found.append((organisation_id, doc))
    found.sort(key=lambda x: x[1]["name"])
    return render(request, "campaigns/organisations.html", {"organisations": found})


@router.get("/pages/organisations/{organisation_id}", response_class=HTMLResponse)
def read_organisation_page(
    request: Request,
    organisation_id: UUID,
    user: Reading,
    ledger: LedgerDep,
    view: CampaignResultsViewDep,
) -> HTMLResponse:
    """Divisions, campaigns with their codes, and the form to create a campaign."""
    try:
        return _organisation(request, ledger, view, user, organisation_id)
    except LedgerError as e:
        return _refused(request, e)


@router.post("/pages/organisations/{organisation_id}/campaigns", response_model=None)
def create_campaign_from_page(
    request: Request,
    organisation_id: UUID,
    user: Campaigning,
    ledger: LedgerDep,
    clock: ClockDep,
    view: CampaignResultsViewDep,
    campaign_type: Annotated[str, Form(alias="type")] = "",
    name: Annotated[str, Form()] = "",
    target_profile_id: Annotated[str, Form()] = "",
    external_id_label: Annotated[str, Form()] = "",
    multiple_sendings: Annotated[str, Form()] = "",
) -> Response:
    """Create a campaign, then show it (a refusal shows the form again with the reason)."""
    try:
        ensure_organisation_member(user, ledger, organisation_id, write=True)
        created = ledger.create_campaign(
            organisation_id,
            type=campaign_type,
            name=name,
            target_profile_id=target_profile_id or None,
            external_id_label=external_id_label,
            multiple_sendings=multiple_sendings == "on",
            created_at=clock(),
            actor=user.actor,
            rng=random.SystemRandom(),
        )
    except LedgerError as e:
        try:
            return _organisation(
                request, ledger, view, user, organisation_id, error=e, status=status_for(e)
            )
        except LedgerError as again:
            return _refused(request, again)
    return RedirectResponse(f"/pages/campaigns/{created.campaign_id}", status_code=303)


@router.get("/pages/campaigns/{campaign_id}", response_class=HTMLResponse)
def read_campaign_page(
    request: Request,
    campaign_id: UUID,
    user: ReadingResults,
    ledger: LedgerDep,
    view: CampaignResultsViewDep,
    division: str | None = None,
) -> HTMLResponse:
    """The class results table and the collective results (of one division if chosen)."""
    try:
        campaign = _campaign(ledger, user, campaign_id)
        rows = presenters.participants(ledger, view, campaign_id, division or None)
        results = presenters.collective(view, campaign_id, division or None)
    except LedgerError as e:
        return _refused(request, e)
    organisation = ledger.get_organisation(campaign.organisation_id)
    divisions = sorted({str(r["division"]) for r in organisation.learners.values()} - {""})
    context = {
        "campaign": campaign,
        "organisation": organisation,
        "rows": rows,
        "results": results,
        "division": division or "",
        "divisions": divisions,
        "competences": sorted({s.competence_code for s in campaign.skills}),
    }
    return render(request, "campaigns/campaign.html", context)


@router.get("/pages/campaigns/{campaign_id}/export", response_model=None)
def read_campaign_export_page(
    request: Request,
    campaign_id: UUID,
    user: ReadingResults,
    ledger: LedgerDep,
    view: CampaignResultsViewDep,
) -> Response:
    """The CSV export, for people signed in with the cookie (same file as the API's)."""
    try:
        text, name = presenters.export(ledger, view, _campaign(ledger, user, campaign_id))
    except LedgerError as e:
        return _refused(request, e)
    return Response(
        content=text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/pages/organisations/{organisation_id}/divisions/{division}", response_class=HTMLResponse
)
def read_division_page(
    request: Request,
    organisation_id: UUID,
    division: str,
    user: Reading,
    ledger: LedgerDep,
    view: CampaignResultsViewDep,
) -> HTMLResponse:
    """The division's pupils and whether their latest profile sent is certifiable."""
    try:
        organisation = ensure_organisation_member(user, ledger, organisation_id)
        found = presenters.certifiable(ledger, view, organisation_id, division)
    except LedgerError as e:
        return _refused(request, e)
    context = {"organisation": organisation, "division": division, "found": found}
    return render(request, "campaigns/division.html", context)


def _campaign(ledger: CertificationLedger, user: PageUser, campaign_id: UUID) -> Campaign:
    campaign = ledger.get_campaign(campaign_id)
    ensure_organisation_member(user, ledger, campaign.organisation_id)
    return campaign


def _organisation(
    request: Request,
    ledger: CertificationLedger,
    view: CampaignResultsViewDep,
    user: PageUser,
    organisation_id: UUID,
    *,
    error: LedgerError | None = None,
    status: int = 200,
) -> HTMLResponse:
    organisation = ensure_organisation_member(user, ledger, organisation_id)
    campaigns = []
    for campaign_id, _ in view.campaigns_of(str(organisation_id)):
        campaign = ledger.get_campaign(UUID(campaign_id))
        results = view.campaign_results(campaign_id)
        campaigns.append((campaign, results))
    campaigns.sort(key=lambda x: x[0].created_at, reverse=True)
    context = {
        "organisation": organisation,
        "campaigns": campaigns,
        "divisions": sorted({str(r["division"]) for r in organisation.learners.values()} - {""}),
        "profiles": list(load_target_profiles().values()),
        "error": error,
    }
    return render(request, "campaigns/organisation.html", context, status_code=status)
