"""The tamper-evident log: signed checkpoints, the verifier key, proofs and verification."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import PlainTextResponse

from api.auth import Authorized, authorize
from api.deps import ContainerDep
from api.presenters.audit import audit_log, verification_json

router = APIRouter(prefix="/ledger", tags=["ledger"])

Reading = Annotated[Authorized, Depends(authorize("audit.read"))]
Verifying = Annotated[Authorized, Depends(authorize("audit.verify"))]


@router.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    responses={404: {"description": "No checkpoint signed yet"}},
)
def read_checkpoint(container: ContainerDep) -> PlainTextResponse:
    """The latest signed checkpoint, as a C2SP signed note (text/plain)."""
    return PlainTextResponse(audit_log(container).latest_checkpoint().note)


@router.get("/checkpoints")
def list_checkpoints(container: ContainerDep) -> list[dict[str, Any]]:
    """Every checkpoint kept, oldest first."""
    return [
        {
            "size": c.size,
            "root": base64.b64encode(c.root).decode(),
            "issued_at": c.issued_at.isoformat(),
            "note": c.note,
        }
        for c in audit_log(container).view.checkpoints()
    ]


@router.get("/key", response_class=PlainTextResponse)
def read_verifier_key(container: ContainerDep) -> PlainTextResponse:
    """The signed-note verifier key checkpoints are signed with."""
    return PlainTextResponse(audit_log(container).verifier_key)


@router.get("/proofs/inclusion/{position}")
def read_inclusion_proof(
    position: int, container: ContainerDep, _: Reading, size: int | None = None
) -> dict[str, Any]:
    """The event at ``position`` in the checkpoint of ``size`` (the latest by default)."""
    return audit_log(container).inclusion(position, size)


@router.get("/proofs/consistency")
def read_consistency_proof(
    container: ContainerDep, first: Annotated[int, Query(ge=0)], second: Annotated[int, Query(ge=0)]
) -> dict[str, Any]:
    """The proof that the checkpoint of size ``second`` extends the one of size ``first``."""
    return audit_log(container).consistency(first, second)


@router.get("/verification")
def read_verification(container: ContainerDep, _: Reading, response: Response) -> dict[str, Any]:
    """The last verification's report (``null`` fields before the first)."""
    log = audit_log(container)
    if log.last_report is None:
        return {"ok": None, "verified_at": None}
    body = verification_json(log.last_report)
    body["verified_at"] = log.last_verified_at.isoformat() if log.last_verified_at else None
    return body


@router.post("/verification")
def create_verification(container: ContainerDep, _: Verifying) -> dict[str, Any]:
    """Recompute the log from the store now and check it against the signed checkpoints."""
    return verification_json(audit_log(container).verify())
