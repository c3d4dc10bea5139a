"""Accounts: learner registration, staff and API clients, own profile, access and erasure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Response

from api.auth import (
    Authorized,
    AuthServices,
    auth_services,
    authorize,
    ensure_centre_member,
    ensure_owner,
)
from api.auth.policy import ADMIN_WRITERS, PERSONAL_DATA_OFFICERS
from api.deps import LedgerDep
from api.schemas.accounts import (
    AccountCreatedPublic,
    AccountEventPublic,
    AccountPublic,
    ApiClientCreate,
    ApiClientPublic,
    CentreMemberCreate,
    CentreMembershipCreate,
    LearnerCreate,
    PersonalDataExportPublic,
    StaffCreate,
)
from domain.accounts import PersonalData, UserId
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.errors import LoginTakenError, WriteConflictError

router = APIRouter(prefix="/accounts", tags=["accounts"])

SELF_REGISTRATION = Actor(id="system:self-registration", role="SYSTEM")
"""Who opens a learner account: nobody is signed in yet, so the registration process."""


def _now() -> datetime:
    return datetime.now(UTC)


@router.post("/learners", response_model=AccountCreatedPublic, status_code=201)
def create_learner(body: LearnerCreate, ledger: LedgerDep) -> AccountCreatedPublic:
    """Register a learner (public); sign in afterwards with POST /auth/token.

    The reply never tells who has an account (ADR 1561): an e-mail or username already taken
    gets the same 201 and a fresh id as a new account, and nothing is created. The owner of a
    taken e-mail is told by e-mail (through the notification outbox, sent by the worker);
    a taken username tells nobody, so the registrant learns it only when signing in fails:
    register with an e-mail, or pick a username unlikely to be taken.
    """
    try:
        user_id = ledger.register_learner(
            email=body.email,
            username=body.username,
            password=body.password,
            first_name=body.first_name,
            last_name=body.last_name,
            birthdate=body.birthdate,
            birthplace=body.birthplace,
            registered_at=_now(),
            actor=SELF_REGISTRATION,
        )
    except (LoginTakenError, WriteConflictError):
        # Taken, or claimed by a concurrent registration: nothing is recorded for this
        # request, and the id leads nowhere.
        user_id = UserId(uuid4())
    return AccountCreatedPublic(id=user_id, role="LEARNER")


@router.get("/me", response_model=AccountPublic)
def read_me(
    user: Annotated[Authorized, Depends(authorize("accounts.me.read"))], ledger: LedgerDep
) -> AccountPublic:
    """The caller's own account, personal fields readable."""
    return _account_public(ledger.read_personal_data(user.user_id))


@router.get("/{user_id}/personal-data", response_model=PersonalDataExportPublic)
def read_personal_data(
    user_id: UUID,
    user: Annotated[Authorized, Depends(authorize("accounts.personal_data.read"))],
    ledger: LedgerDep,
    services: Annotated[AuthServices, Depends(auth_services)],
) -> PersonalDataExportPublic:
    """Right of access: everything held about a person, as JSON (themselves or an officer)."""
    ensure_owner(user, user_id, also=PERSONAL_DATA_OFFICERS)
    account = _account_public(ledger.read_personal_data(user_id))
    return PersonalDataExportPublic(
        exported_at=_now(),
        account=account,
        history=[AccountEventPublic(**e) for e in ledger.account_history(user_id)],
        sections=dict(section(user_id) for section in services.export_sections),
    )


@router.delete("/{user_id}/personal-data", status_code=204)
def delete_personal_data(
    user_id: UUID,
    user: Annotated[Authorized, Depends(authorize("accounts.personal_data.erase"))],
    ledger: LedgerDep,
    services: Annotated[AuthServices, Depends(auth_services)],
) -> Response:
    """Right to erasure: the person's key is deleted; their fields read "[erased]" everywhere.

    Every token already issued to them stops working at once (in every server process within
    ``CERTLEDGER_TOKEN_REVOCATION_SYNC_INTERVAL``).
    """
    ledger.erase_personal_data(user_id, erased_at=_now(), actor=user.actor)
    services.tokens.revoke_subject(user_id)
    return Response(status_code=204)


@router.post("/staff", response_model=AccountCreatedPublic, status_code=201)
def create_staff(
    body: StaffCreate,
    user: Annotated[Authorized, Depends(authorize("accounts.staff.create"))],
    ledger: LedgerDep,
) -> AccountCreatedPublic:
    """Create a jury member, administrator or auditor account."""
    user_id = _create_staff(ledger, body, user, centre_id=None, referent=False)
    return AccountCreatedPublic(id=user_id, role=body.role)


@router.post("/centre-members", response_model=AccountCreatedPublic, status_code=201)
def create_centre_member(
    body: CentreMemberCreate,
    user: Annotated[Authorized, Depends(authorize("accounts.centre_members.create"))],
    ledger: LedgerDep,
) -> AccountCreatedPublic:
    """Create a certification-centre member (a centre admin: for their own centre only)."""
    ensure_centre_member(user, body.centre_id, also=ADMIN_WRITERS)
    user_id = _create_staff(ledger, body, user, centre_id=body.centre_id, referent=body.referent)
    return AccountCreatedPublic(id=user_id, role=body.role)


@router.post("/{user_id}/centre-memberships", status_code=204)
def create_centre_membership(
    user_id: UUID,
    body: CentreMembershipCreate,
    user: Annotated[Authorized, Depends(authorize("accounts.centre_memberships.grant"))],
    ledger: LedgerDep,
) -> Response:
    """Add a centre member to another centre, or make them its referent."""
    ensure_centre_member(user, body.centre_id, also=ADMIN_WRITERS)
    ledger.grant_centre_membership(
        user_id, body.centre_id, referent=body.referent, granted_at=_now(), actor=user.actor
    )
    return Response(status_code=204)


@router.post("/api-clients", response_model=ApiClientPublic, status_code=201)
def create_api_client(
    body: ApiClientCreate,
    user: Annotated[Authorized, Depends(authorize("accounts.api_clients.create"))],
    ledger: LedgerDep,
) -> ApiClientPublic:
    """Create an API client for exports; its secret is shown in this response only."""
    client_id, secret = ledger.create_api_client(
        label=body.label, created_at=_now(), actor=user.actor
    )
    return ApiClientPublic(client_id=client_id, client_secret=secret)


def _create_staff(
    ledger: CertificationLedger,
    body: StaffCreate | CentreMemberCreate,
    user: Authorized,
    *,
    centre_id: UUID | None,
    referent: bool,
) -> UUID:
    return ledger.create_staff(
        role=body.role,
        email=body.email,
        password=body.password,
        first_name=body.first_name,
        last_name=body.last_name,
        created_at=_now(),
        actor=user.actor,
        centre_id=centre_id,
        referent=referent,
    )


def _account_public(data: PersonalData) -> AccountPublic:
    fields = data.fields
    return AccountPublic(
        id=data.user_id,
        role=data.role,
        label=data.label,
        first_name=fields.get("first_name"),
        last_name=fields.get("last_name"),
        email=fields.get("email"),
        username=fields.get("username"),
        birthdate=fields.get("birthdate"),
        birthplace=fields.get("birthplace"),
        centre_ids=list(data.centre_ids),
        registered_at=data.registered_at,
        erased_at=data.erased_at,
    )
