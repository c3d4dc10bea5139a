"""Certificates: verification by code (public), share links, the candidate's certificates.

The verification code travels only in request bodies, never in a URL; every response carries
``Cache-Control: no-store`` (``api/credentials/no_store.py``). Every public lookup counts
against the verification throttle.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api.auth import Authorized, authorize
from api.credentials.lookup import lookup_code, lookup_token
from api.credentials.services import CertificateServices, CertificateServicesDep
from api.deps import ClockDep, LedgerDep
from api.schemas.certificates import (
    CertificatePrivate,
    CertificatePublic,
    CertificateSummariesPublic,
    CertificateSummaryPublic,
    ReceiptPublic,
    ShareLinkCreated,
    ShareLinkPublic,
    ShareLinksPublic,
    VerificationCodeCreate,
)
from domain.credentials.certificate import Certificate
from projections.certificates import CourseRow

router = APIRouter(tags=["certificates"])
# The public lookup alone, included first by the app: the busiest route is matched before the
# ~100 others rather than after them (route matching was a third of its in-process cost).
public_router = APIRouter(tags=["certificates"])

Owner = Annotated[Authorized, Depends(authorize("certificates.own.read"))]
Sharing = Annotated[Authorized, Depends(authorize("certificates.own.share"))]
AtQuery = Annotated[
    datetime | None, Query(description="the instant the validity is asked for (default: now)")
]


@public_router.post("/shared-certifications", response_model=CertificatePublic)
async def read_shared_certification(
    body: VerificationCodeCreate,
    request: Request,
    services: CertificateServicesDep,
    clock: ClockDep,
    at: AtQuery = None,
) -> Response:
    now = at or clock()

    def lookup() -> Response:
        row, certificate = lookup_code(services, request, body.verification_code, now)
        return _json(_with_receipt(services, row, certificate))

    # On the embedded store with the in-memory throttle the lookup is a few local reads: run
    # inline, sparing the thread-pool hop (ADR 1002); network stores go through the pool.
    return await run_in_threadpool(lookup) if services.blocking else lookup()


@router.get("/shared-certifications/links/{token}", response_model=CertificatePublic)
def read_shared_certification_by_link(
    token: str,
    request: Request,
    services: CertificateServicesDep,
    clock: ClockDep,
    at: AtQuery = None,
) -> Response:
    row, certificate = lookup_token(services, request, token, at or clock())
    return _json(_with_receipt(services, row, certificate))


def _json(answer: CertificatePublic) -> Response:
    """The answer serialised once by pydantic: the model was validated as it was built, so
    FastAPI's second validation and encoding of the returned model are skipped (the
    response_model still documents it)."""
    return Response(answer.model_dump_json(), media_type="application/json")


def _with_receipt(
    services: CertificateServices, row: CourseRow, certificate: Certificate
) -> CertificatePublic:
    """The employer's view of a certificate, with its checked ledger receipt."""
    receipt = ReceiptPublic(**vars(services.receipts.of(row)))
    return CertificatePublic.of(certificate).model_copy(update={"ledger_receipt": receipt})


@router.get("/certifications", response_model=CertificateSummariesPublic)
def list_certifications(
    user: Owner, services: CertificateServicesDep, clock: ClockDep
) -> CertificateSummariesPublic:
    items = services.reader.summaries(user.user_id, clock())
    return CertificateSummariesPublic(items=[CertificateSummaryPublic(**vars(i)) for i in items])


@router.get("/certifications/{course_id}", response_model=CertificatePrivate)
def read_certification(
    course_id: UUID,
    user: Owner,
    services: CertificateServicesDep,
    ledger: LedgerDep,
    clock: ClockDep,
    at: AtQuery = None,
) -> CertificatePrivate:
    row = services.reader.owned_row(course_id, user.user_id)
    public = CertificatePublic.of(services.reader.certificate_of(row, at or clock()))
    result = row.result or {}
    return CertificatePrivate(
        **public.model_dump(),
        certificate_id=course_id,
        verification_code=ledger.get_course(course_id).verification_code,
        result_status=str(result.get("status")),
        comment_for_candidate=result.get("comment_for_candidate"),
    )


@router.post(
    "/certifications/{course_id}/share-links", response_model=ShareLinkCreated, status_code=201
)
def create_share_link(
    course_id: UUID,
    user: Sharing,
    services: CertificateServicesDep,
    ledger: LedgerDep,
    clock: ClockDep,
) -> ShareLinkCreated:
    services.reader.owned_row(course_id, user.user_id)
    token = secrets.token_urlsafe(16)  # 128 random bits (ASVS V11.5.1)
    link_id, _ = ledger.open_share_link(
        course_id,
        token=token,
        purpose="share",
        user_id=user.user_id,
        at=clock(),
        actor=user.actor,
    )
    base = services.credentials.base_url
    return ShareLinkCreated(link_id=link_id, token=token, url=f"{base}/pages/verify/s/{token}")


@router.get("/certifications/{course_id}/share-links", response_model=ShareLinksPublic)
def list_share_links(
    course_id: UUID, user: Sharing, services: CertificateServicesDep
) -> ShareLinksPublic:
    services.reader.owned_row(course_id, user.user_id)
    return ShareLinksPublic(
        items=[
            ShareLinkPublic(
                link_id=r.link_id,
                purpose=r.purpose,
                created_at=r.created_at,
                revoked_at=r.revoked_at,
            )
            for r in services.reader.view.links_of_course(course_id)
        ]
    )


@router.delete("/certifications/{course_id}/share-links/{link_id}", status_code=204)
def delete_share_link(
    course_id: UUID,
    link_id: UUID,
    user: Sharing,
    services: CertificateServicesDep,
    ledger: LedgerDep,
    clock: ClockDep,
) -> None:
    services.reader.owned_row(course_id, user.user_id)
    ledger.revoke_share_link(link_id, user_id=user.user_id, at=clock(), actor=user.actor)
