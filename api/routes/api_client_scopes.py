"""The pull-API scopes of an API client (``school-records``, ``higher-education``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from api.auth import Authorized, authorize
from api.deps import ClockDep, LedgerDep
from api.schemas.campaigns import ScopesPublic, ScopesUpdate

router = APIRouter(prefix="/api-clients/{client_id}/scopes", tags=["pull APIs"])

Granting = Annotated[Authorized, Depends(authorize("campaigns.api_scopes.grant"))]


@router.put("", response_model=ScopesPublic)
def update_scopes(
    client_id: UUID, body: ScopesUpdate, user: Granting, ledger: LedgerDep, clock: ClockDep
) -> ScopesPublic:
    """Replace the client's scopes."""
    scopes = ledger.grant_api_scopes(client_id, body.scopes, granted_at=clock(), actor=user.actor)
    return ScopesPublic(client_id=client_id, scopes=list(scopes))
