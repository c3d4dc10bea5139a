"""Auditors: a session's full history with proofs, and its replay (JSON)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends

from api.auth import Authorized, authorize
from api.auth.policy import PERSONAL_DATA_OFFICERS
from api.deps import ContainerDep
from api.presenters.audit import session_history, session_replay

router = APIRouter(prefix="/audit", tags=["audit"])

Reading = Annotated[Authorized, Depends(authorize("audit.read"))]


@router.get("/sessions/{session_id}/history")
def read_session_history(
    session_id: UUID, container: ContainerDep, user: Reading, checkpoint: int | None = None
) -> dict[str, Any]:
    """Every event of the session and its courses, each with its inclusion proof."""
    personal = user.role in PERSONAL_DATA_OFFICERS
    return session_history(container, session_id, personal=personal, as_of=checkpoint)


@router.get("/sessions/{session_id}/replay")
def read_session_replay(
    session_id: UUID, container: ContainerDep, _: Reading, checkpoint: int | None = None
) -> dict[str, Any]:
    """Rebuild every course, re-derive every question, re-score every result: the diff."""
    return session_replay(container, session_id, as_of=checkpoint)
