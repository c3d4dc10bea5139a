"""A candidate's own certification result, visible once the jury has published it."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from api.auth import Authorized, authorize
from api.deps import JuryLedgerDep
from api.schemas.jury import PublishedResultPublic

router = APIRouter(tags=["results"])

ReadingOwn = Annotated[Authorized, Depends(authorize("certification.result.read"))]


@router.get("/courses/{course_id}/result", response_model=PublishedResultPublic)
def read_course_result(
    course_id: UUID, user: ReadingOwn, ledger: JuryLedgerDep
) -> PublishedResultPublic:
    """Your result and status; 404 ``result_not_published`` until the session is published."""
    return PublishedResultPublic(**ledger.published_result(course_id, user.user_id))
