"""Organisations (Pix Orga): creation, members, learners by CSV, campaigns, certifiable pupils.

Administrators create organisations; members of an organisation read it and its results;
its ORGA_ADMINs import learners and add members. Personal fields are unsealed on the way out.
"""

from __future__ import annotations

import random
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Depends

from api.auth import Authorized, authorize
from api.auth.organisation_guard import ensure_organisation_member
from api.deps import CampaignResultsViewDep, ClockDep, LedgerDep
from api.presenters import campaigns as presenters
from api.schemas.campaigns import (
    CampaignCreate,
    CampaignPublic,
    CampaignsPublic,
    CertifiableLearnersPublic,
    LearnersImportPublic,
    MemberAccountCreate,
    MemberAccountPublic,
    MemberCreate,
    OrganisationCreate,
    OrganisationLearnerPublic,
    OrganisationLearnersPublic,
    OrganisationPublic,
)
from domain.application import CertificationLedger

router = APIRouter(prefix="/organisations", tags=["organisations"])

Creating = Annotated[Authorized, Depends(authorize("campaigns.organisations.create"))]
Reading = Annotated[Authorized, Depends(authorize("campaigns.organisations.read"))]
Managing = Annotated[Authorized, Depends(authorize("campaigns.organisations.manage"))]
Campaigning = Annotated[Authorized, Depends(authorize("campaigns.campaigns.manage"))]


@router.post("", response_model=OrganisationPublic, status_code=201)
def create_organisation(
    body: OrganisationCreate, user: Creating, ledger: LedgerDep, clock: ClockDep
) -> OrganisationPublic:
    """Open an organisation (a school needs its UAI, unique)."""
    organisation_id = ledger.create_organisation(
        type=body.type, name=body.name, uai=body.uai, created_at=clock(), actor=user.actor
    )
    return _organisation(ledger, organisation_id)


@router.get("/{organisation_id}", response_model=OrganisationPublic)
def read_organisation(
    organisation_id: UUID, user: Reading, ledger: LedgerDep
) -> OrganisationPublic:
    """The organisation, its members and divisions."""
    ensure_organisation_member(user, ledger, organisation_id)
    return _organisation(ledger, organisation_id)


@router.post("/{organisation_id}/members", response_model=OrganisationPublic)
def create_member(
    organisation_id: UUID, body: MemberCreate, user: Managing, ledger: LedgerDep, clock: ClockDep
) -> OrganisationPublic:
    """Add an ORGA_ADMIN or ORGA_MEMBER account (the organisation's administrators)."""
    ensure_organisation_member(user, ledger, organisation_id, admin=True)
    ledger.add_organisation_member(
        organisation_id, body.user_id, added_at=clock(), actor=user.actor
    )
    return _organisation(ledger, organisation_id)


@router.post(
    "/{organisation_id}/member-accounts", response_model=MemberAccountPublic, status_code=201
)
def create_member_account(
    organisation_id: UUID,
    body: MemberAccountCreate,
    user: Managing,
    ledger: LedgerDep,
    clock: ClockDep,
) -> MemberAccountPublic:
    """Open an ORGA_ADMIN or ORGA_MEMBER account and make it a member."""
    ensure_organisation_member(user, ledger, organisation_id, admin=True)
    at = clock()
    user_id = ledger.create_staff(
        role=body.role,
        email=body.email,
        password=body.password,
        first_name=body.first_name,
        last_name=body.last_name,
        created_at=at,
        actor=user.actor,
    )
    ledger.add_organisation_member(organisation_id, user_id, added_at=at, actor=user.actor)
    return MemberAccountPublic(user_id=user_id, role=body.role, organisation_id=organisation_id)


@router.post(
    "/{organisation_id}/learners/import",
    response_model=LearnersImportPublic,
    status_code=201,
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def import_learners(
    organisation_id: UUID,
    user: Managing,
    ledger: LedgerDep,
    clock: ClockDep,
    data: Annotated[bytes, Body(media_type="text/csv")],
) -> LearnersImportPublic:
    """Add or update every learner of a UTF-8 CSV file, or none: each bad line is listed."""
    ensure_organisation_member(user, ledger, organisation_id, admin=True)
    done = ledger.import_organisation_learners(
        organisation_id, data, imported_at=clock(), actor=user.actor
    )
    return LearnersImportPublic(added=done.added, updated=done.updated)


@router.get("/{organisation_id}/learners", response_model=OrganisationLearnersPublic)
def list_learners(
    organisation_id: UUID, user: Reading, ledger: LedgerDep, division: str | None = None
) -> OrganisationLearnersPublic:
    """The organisation's learners (of one division if given), names unsealed."""
    ensure_organisation_member(user, ledger, organisation_id)
    return OrganisationLearnersPublic(
        items=[
            OrganisationLearnerPublic(
                learner_id=x.learner_id,
                first_name=x.first_name,
                last_name=x.last_name,
                birthdate=x.birthdate,
                division=x.division,
                national_student_id=x.national_student_id,
                linked=x.user_id is not None,
            )
            for x in ledger.list_organisation_learners(organisation_id, division=division)
        ]
    )


@router.get(
    "/{organisation_id}/divisions/{division}/certifiable",
    response_model=CertifiableLearnersPublic,
)
def list_certifiable_learners(
    organisation_id: UUID,
    division: str,
    user: Reading,
    ledger: LedgerDep,
    view: CampaignResultsViewDep,
) -> CertifiableLearnersPublic:
    """Every pupil of the division with their latest shared profile collection's verdict."""
    ensure_organisation_member(user, ledger, organisation_id)
    return presenters.certifiable(ledger, view, organisation_id, division)


@router.post("/{organisation_id}/campaigns", response_model=CampaignPublic, status_code=201)
def create_campaign(
    organisation_id: UUID,
    body: CampaignCreate,
    user: Campaigning,
    ledger: LedgerDep,
    clock: ClockDep,
) -> CampaignPublic:
    """Create a campaign with a fresh code (drawn and recorded)."""
    ensure_organisation_member(user, ledger, organisation_id, write=True)
    created = ledger.create_campaign(
        organisation_id,
        type=body.type,
        name=body.name,
        target_profile_id=body.target_profile_id,
        external_id_label=body.external_id_label,
        multiple_sendings=body.multiple_sendings,
        created_at=clock(),
        actor=user.actor,
        rng=random.SystemRandom(),
    )
    return CampaignPublic.of(ledger.get_campaign(created.campaign_id))


@router.get("/{organisation_id}/campaigns", response_model=CampaignsPublic)
def list_campaigns(
    organisation_id: UUID, user: Reading, ledger: LedgerDep, view: CampaignResultsViewDep
) -> CampaignsPublic:
    """The organisation's campaigns (from the results view), newest first."""
    ensure_organisation_member(user, ledger, organisation_id)
    found = [ledger.get_campaign(UUID(cid)) for cid, _ in view.campaigns_of(str(organisation_id))]
    found.sort(key=lambda c: c.created_at, reverse=True)
    return CampaignsPublic(items=[CampaignPublic.of(c) for c in found])


def _organisation(ledger: CertificationLedger, organisation_id: UUID) -> OrganisationPublic:
    o = ledger.get_organisation(organisation_id)
    return OrganisationPublic(
        id=o.id,
        type=o.type,
        name=o.name,
        uai=o.uai,
        members={str(k): v for k, v in o.members.items()},
        learners=len(o.learners),
        divisions=sorted({str(r["division"]) for r in o.learners.values() if r["division"]}),
    )
