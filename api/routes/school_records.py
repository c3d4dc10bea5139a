"""Pull APIs (lifecycle §6.8) for API clients holding the right scope.

- School record (livret scolaire, scope ``school-records``): every linked learner of the school
  with this UAI, with their latest non-cancelled certification, ``pending`` until published.
- Higher-education search (scope ``higher-education``): by INE, by UAI and identity, or by
  verification code.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from api.auth import Authorized, authorize
from api.auth.organisation_guard import ensure_scope
from api.deps import LedgerDep, SchoolRecordsViewDep
from api.schemas.campaigns import (
    CompetenceResultPublic,
    HigherEducationResultPublic,
    HigherEducationResultsPublic,
    HigherEducationSearch,
    SchoolCertificationPublic,
    SchoolCertificationsPublic,
)
from domain.application import CertificationLedger
from domain.campaigns.errors import CertificationResultNotFoundError, OrganisationNotFoundError
from domain.campaigns.pull_access import HIGHER_EDUCATION, SCHOOL_RECORDS
from projections.school_records import CertificationRecord, SchoolRecordsView

router = APIRouter(tags=["pull APIs"])

ReadingRecords = Annotated[Authorized, Depends(authorize("campaigns.school_records.read"))]
Searching = Annotated[Authorized, Depends(authorize("campaigns.higher_education.search"))]


@router.get("/school-records/{uai}/certifications", response_model=SchoolCertificationsPublic)
def list_school_certifications(
    uai: str, user: ReadingRecords, ledger: LedgerDep, view: SchoolRecordsViewDep
) -> SchoolCertificationsPublic:
    """Each learner's latest non-cancelled certification; ``pending`` until published."""
    ensure_scope(user, ledger, SCHOOL_RECORDS)
    organisation_id = view.organisation_by_uai(uai)
    if organisation_id is None:
        raise OrganisationNotFoundError(f"no organisation with UAI {uai!r}")
    unseal = ledger.read_sealed
    items = []
    for r in view.school_record(organisation_id):
        items.append(
            SchoolCertificationPublic(
                organisation_learner_id=r.learner_id,
                first_name=unseal(r.learner["first_name"]),
                last_name=unseal(r.learner["last_name"]),
                birthdate=unseal(r.learner["birthdate"]),
                national_student_id=unseal(r.learner["national_student_id"]),
                division=r.learner["division"],
                certification_id=r.course_id,
                status=r.status,
                pix_score=r.pix_score,
                verification_code=r.verification_code,
                date=date.fromisoformat(r.started_at[:10]),
                delivered_at=r.published_at or None,
                certification_centre=r.centre_name,
                competence_results=_competences(r),
            )
        )
    items.sort(key=lambda x: (x.last_name.lower(), x.first_name.lower()))
    return SchoolCertificationsPublic(uai=uai.strip().upper(), items=items)


@router.post("/higher-education/certifications/search", response_model=HigherEducationResultsPublic)
def create_certification_search(
    body: HigherEducationSearch, user: Searching, ledger: LedgerDep, view: SchoolRecordsViewDep
) -> HigherEducationResultsPublic:
    """Search by ``ine``, by ``organization_uai`` and identity, or by ``verification_code``."""
    ensure_scope(user, ledger, HIGHER_EDUCATION)
    records = _search(body, ledger, view)
    if not records:
        raise CertificationResultNotFoundError(
            "no certifications found for these search parameters"
        )
    unseal = ledger.read_sealed
    uais = {}
    items = []
    for r in records:
        if r.organisation_id and r.organisation_id not in uais:
            uais[r.organisation_id] = ledger.get_organisation(UUID(r.organisation_id)).uai
        items.append(
            HigherEducationResultPublic(
                organization_uai=uais.get(r.organisation_id, ""),
                ine=unseal(r.learner.get("national_student_id", "")),
                last_name=unseal(r.learner.get("last_name", "")),
                first_name=unseal(r.learner.get("first_name", "")),
                birthdate=unseal(r.learner.get("birthdate", "")),
                status=r.status,
                pix_score=r.pix_score,
                certification_date=date.fromisoformat(r.started_at[:10]),
                certification_id=r.course_id,
                verification_code=r.verification_code,
                delivered_at=r.published_at or None,
                competences=_competences(r),
            )
        )
    return HigherEducationResultsPublic(items=items)


def _search(
    body: HigherEducationSearch, ledger: CertificationLedger, view: SchoolRecordsView
) -> list[CertificationRecord]:
    if body.ine is not None:
        return view.by_ine(ledger.ine_lookup_index(body.ine))
    if body.verification_code is not None:
        return view.by_verification_code(body.verification_code)
    assert body.organization_uai
    assert body.first_name
    assert body.last_name
    assert body.birthdate
    organisation_id = view.organisation_by_uai(body.organization_uai)
    if organisation_id is None:
        return []
    index = ledger.identity_lookup_index(body.first_name, body.last_name, body.birthdate)
    return view.by_identity(organisation_id, index)


def _competences(r: CertificationRecord) -> list[CompetenceResultPublic]:
    return [
        CompetenceResultPublic(competence_code=code, level=level)
        for code, level in sorted(r.competence_levels.items())
    ]
