"""Attestation PDFs: the candidate's own (§6.6), and an administrator's bundle of a session's."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from api.auth import Authorized, authorize
from api.credentials.attestation import Attestation, Variant, file_name, render
from api.credentials.attestation_labels import Lang
from api.credentials.services import CertificateServices, CertificateServicesDep
from api.deps import ClockDep, LedgerDep
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.credentials.errors import CertificateNotFoundError
from projections.certificates import CourseRow

router = APIRouter(tags=["certificates"])

Owner = Annotated[Authorized, Depends(authorize("certificates.own.read"))]
Bundling = Annotated[Authorized, Depends(authorize("certificates.sessions.attestations"))]
PDF = {"content": {"application/pdf": {}}, "description": "the attestation PDF"}
LangQuery = Annotated[Lang, Query(description="the attestation's language: fr or en")]
FrenchDomainQuery = Annotated[
    bool,
    Query(
        alias="isFrenchDomainExtension",
        description="asked from the French domain: v2 certificates delivered from 2022 on "
        "carry the professionalising message",
    ),
]


def attestation_of(
    services: CertificateServices,
    ledger: CertificationLedger,
    row: CourseRow,
    at: datetime,
    actor: Actor,
) -> Attestation:
    """The attestation of a certificate; opens its QR link the first time (then a no-op)."""
    assert row.delivered_at is not None
    token = services.attestation_token(row.course_id)
    ledger.open_share_link(
        row.course_id,
        token=token,
        purpose="attestation",
        user_id=row.user_id,
        at=at,
        actor=actor,
    )
    return Attestation(
        # The validity shown is the period, not a status at "now": the bytes do not age.
        certificate=services.reader.certificate_of(row, row.delivered_at),
        verification_code=ledger.get_course(row.course_id).verification_code,
        link_url=f"{services.credentials.base_url}/pages/verify/s/{token}",
    )


@router.get("/certifications/{course_id}/attestation", responses={200: PDF})
def read_attestation(
    course_id: UUID,
    user: Owner,
    services: CertificateServicesDep,
    ledger: LedgerDep,
    clock: ClockDep,
    lang: LangQuery = "fr",
    french_domain: FrenchDomainQuery = False,
) -> Response:
    row = services.reader.owned_row(course_id, user.user_id)
    if not row.is_certificate:
        raise CertificateNotFoundError("this certificate was revoked: no attestation is issued")
    attestation = attestation_of(services, ledger, row, clock(), user.actor)
    return Response(
        render([attestation], Variant(lang, french_domain)),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{file_name(attestation.certificate)}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/sessions/{session_id}/attestations", responses={200: PDF})
def read_session_attestations(
    session_id: UUID,
    user: Bundling,
    services: CertificateServicesDep,
    ledger: LedgerDep,
    clock: ClockDep,
    lang: LangQuery = "fr",
    french_domain: FrenchDomainQuery = False,
) -> Response:
    rows = [r for r in services.reader.view.courses_of_session(session_id) if r.is_certificate]
    if not rows:
        raise CertificateNotFoundError(f"session {session_id} has no certificate")
    now = clock()
    attestations = [attestation_of(services, ledger, r, now, user.actor) for r in rows]
    return Response(
        render(attestations, Variant(lang, french_domain)),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="session-{session_id}-attestations.pdf"',
            "Cache-Control": "no-store",
        },
    )
