"""Verifiable credentials: the candidate's download, status lists, DID documents, verification."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from api.auth import Authorized, authorize
from api.credentials.services import CertificateServicesDep
from api.deps import ClockDep
from api.schemas.certificates import CheckPublic, CredentialVerify, VerificationPublic
from domain.credentials.errors import CertificateNotFoundError

router = APIRouter(tags=["credentials"])

Owner = Annotated[Authorized, Depends(authorize("certificates.own.read"))]
VC_MEDIA_TYPE = "application/vc+ld+json"


@router.get("/certifications/{course_id}/credential")
def read_credential(
    course_id: UUID, user: Owner, services: CertificateServicesDep, clock: ClockDep
) -> dict[str, Any]:
    row = services.reader.owned_row(course_id, user.user_id)
    if not row.is_certificate:
        raise CertificateNotFoundError("this certificate was revoked: no credential is issued")
    return services.credentials.credential(row, clock())


@router.get("/credentials/status/{number}")
def read_status_list(
    number: int, response: Response, services: CertificateServicesDep, clock: ClockDep
) -> dict[str, Any]:
    if number < 1:
        raise CertificateNotFoundError(f"no status list {number}")
    response.headers["Cache-Control"] = "public, max-age=60"
    return services.credentials.status_list_credential(number, clock())


@router.get("/.well-known/did.json")
def read_did_document(services: CertificateServicesDep) -> dict[str, Any]:
    """The issuer's did:web document (with did:key, the active key's document)."""
    return services.issuer.did_document()


@router.get("/credentials/issuer")
def read_issuer_documents(services: CertificateServicesDep) -> list[dict[str, Any]]:
    """Every DID document of the issuer, retired keys included."""
    return services.issuer.did_documents()


@router.post("/credentials/verify", response_model=VerificationPublic)
def verify_credential(
    body: CredentialVerify, request: Request, services: CertificateServicesDep, clock: ClockDep
) -> VerificationPublic:
    # Public and CPU-bound (canonical JSON, a signature): counted like a verification by code.
    services.throttle.check(services.throttle.client_address(request))
    outcome = services.credentials.verify(body.credential, clock(), body.receipt)
    return VerificationPublic(
        verified=outcome.verified,
        failed=outcome.failed,
        checks=[
            CheckPublic(
                name=c.name,
                ok=c.ok,
                detail=c.detail,
                outcome=c.outcome or ("ok" if c.ok else "failed"),
            )
            for c in outcome.checks
        ],
    )
