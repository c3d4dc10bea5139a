"""Certificates, share links and credentials: requests and responses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from domain.credentials.certificate import Certificate


class VerificationCodeCreate(BaseModel):
    verification_code: str = Field(max_length=64, description="P- then 8 characters")


class GlobalLevelPublic(BaseModel):
    key: str
    level: int
    label_fr: str
    label_en: str


class CompetencePublic(BaseModel):
    code: str
    title_fr: str
    title_en: str
    level: int


class AreaPublic(BaseModel):
    code: str
    title_fr: str
    title_en: str
    competences: list[CompetencePublic]


class ValidityPublic(BaseModel):
    at: datetime
    status: str = Field(description="not_yet_valid, valid, expired or revoked")
    valid_from: datetime
    valid_until: datetime
    revoked_at: datetime | None = None
    revocation_reason: str | None = Field(
        default=None, description="unpublished, cancelled or rejected"
    )


class ReceiptPublic(BaseModel):
    outcome: str = Field(description="ok, not_yet_covered or failed")
    detail: str
    checkpoint_size: int | None
    bundle: dict[str, Any] | None = Field(
        description="the inclusion bundle: check it offline with the log's verifier key"
    )


class CertificatePublic(BaseModel):
    """What an employer sees (§6.4); a revoked certificate shows who, where, when and why."""

    first_name: str
    last_name: str
    birthdate: str | None
    birthplace: str | None
    centre_name: str
    taken_on: date
    delivered_at: datetime
    pix_score: int | None
    max_reachable_score: int
    max_reachable_level: int | None = Field(
        default=None, description="v2: the level cap on the day the test was taken"
    )
    global_level: GlobalLevelPublic | None
    competence_tree: list[AreaPublic]
    certification_version: int
    framework: str
    algorithm: str
    validity: ValidityPublic
    ledger_receipt: ReceiptPublic | None = Field(
        default=None, description="the result event's inclusion proof, checked (public views)"
    )

    @classmethod
    def of(cls, c: Certificate) -> CertificatePublic:
        shown = c.validity.status != "revoked"
        level = c.global_level
        return cls(
            first_name=c.identity.first_name,
            last_name=c.identity.last_name,
            birthdate=c.identity.birthdate if shown else None,
            birthplace=c.identity.birthplace if shown else None,
            centre_name=c.centre_name,
            taken_on=c.taken_on,
            delivered_at=c.delivered_at,
            pix_score=c.pix_score if shown else None,
            max_reachable_score=c.max_reachable_score,
            max_reachable_level=c.max_reachable_level,
            global_level=GlobalLevelPublic(
                key=level.key, level=level.level, label_fr=level.label_fr, label_en=level.label_en
            )
            if level and shown
            else None,
            competence_tree=[
                AreaPublic(
                    code=a.code,
                    title_fr=a.title_fr,
                    title_en=a.title_en,
                    competences=[
                        CompetencePublic(
                            code=x.code, title_fr=x.title_fr, title_en=x.title_en, level=x.level
                        )
                        for x in a.competences
                    ],
                )
                for a in c.competence_tree
            ]
            if shown
            else [],
            certification_version=c.certification_version,
            framework=c.framework_key,
            algorithm=c.algorithm,
            validity=ValidityPublic(**vars(c.validity)),
        )


class CertificatePrivate(CertificatePublic):
    """The candidate's own certificate (§6.5): adds its id, code, result status and comment."""

    certificate_id: UUID
    verification_code: str
    result_status: str
    comment_for_candidate: str | None


class CertificateSummaryPublic(BaseModel):
    certificate_id: UUID
    taken_on: date
    centre_name: str
    status: str = Field(description="waiting_for_results, validated, rejected, cancelled...")
    pix_score: int | None
    mesh_index: int | None
    delivered_at: datetime | None
    validity_status: str | None


class CertificateSummariesPublic(BaseModel):
    items: list[CertificateSummaryPublic]


class ShareLinkCreated(BaseModel):
    link_id: UUID
    token: str = Field(description="shown once: only its digest is kept")
    url: str


class ShareLinkPublic(BaseModel):
    link_id: UUID
    purpose: str
    created_at: datetime
    revoked_at: datetime | None


class ShareLinksPublic(BaseModel):
    items: list[ShareLinkPublic]


class CheckPublic(BaseModel):
    name: str
    ok: bool
    detail: str
    outcome: str = Field(
        description="ok or failed; ledger_receipt also not_yet_covered or not_applicable"
    )


class VerificationPublic(BaseModel):
    verified: bool
    failed: list[str]
    checks: list[CheckPublic]


class CredentialVerify(BaseModel):
    credential: dict[str, Any]
    receipt: dict[str, Any] | None = Field(
        default=None, description="a ledger receipt kept with the certificate (default: ours)"
    )
