"""The shipped target profiles an organisation can build an assessment campaign from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.auth import Authorized, authorize
from api.schemas.campaigns import TargetProfilePublic, TargetProfilesPublic
from domain.campaigns.target_profiles import load_target_profiles

router = APIRouter(prefix="/target-profiles", tags=["campaigns"])

Reading = Annotated[Authorized, Depends(authorize("campaigns.target_profiles.read"))]


@router.get("", response_model=TargetProfilesPublic)
def list_target_profiles(user: Reading) -> TargetProfilesPublic:
    """Every shipped target profile: competences and the level their tubes are capped at."""
    return TargetProfilesPublic(
        items=[
            TargetProfilePublic(
                id=p.id,
                version=p.version,
                name=p.name,
                reset_allowed=p.reset_allowed,
                competences=list(p.competences),
                level=p.level,
            )
            for p in load_target_profiles().values()
        ]
    )
