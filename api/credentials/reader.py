"""CertificateReader: certificates from the view's rows, identity unsealed, validity at an instant.

One uniform ``CertificateNotFoundError`` for every course that was never delivered (unknown
code, unpublished, not validated), so the public side cannot tell them apart. A delivered
certificate stays findable once revoked: saying so is the point of verification.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.accounts.personal_data import ERASED, PersonalDataVault
from domain.credentials.certificate import Certificate, Identity, build_certificate
from domain.credentials.codes import code_digest, normalise_code, token_digest
from domain.credentials.errors import CertificateNotFoundError, ShareLinkNotFoundError
from domain.credentials.validity import status_at
from domain.errors import OutOfScopeError
from domain.framework import Framework, load_framework
from projections.certificates import CandidateRow, CertificatesView, CourseRow, SessionRow

NOT_FOUND = "no certificate matches"
_IDENTITY_FIELDS = (
    "first_name",
    "last_name",
    "birthdate",
    "birth_city",
    "birth_postal_code",
    "birth_insee_code",
    "birth_country",
)


@dataclass(frozen=True)
class CertificateSummary:
    """A course of the candidate as their list shows it (§6.2 summaries)."""

    certificate_id: UUID
    taken_on: date
    centre_name: str
    status: str
    pix_score: int | None
    mesh_index: int | None
    delivered_at: datetime | None
    validity_status: str | None


class CertificateReader:
    """Reads certificates; every method takes the instant ``at`` the validity is asked for."""

    def __init__(
        self, view: CertificatesView, vault: PersonalDataVault, max_reachable_level: int = 7
    ) -> None:
        self.view = view
        self.vault = vault
        self.max_reachable_level = max_reachable_level

    def by_code(self, raw_code: str, at: datetime) -> Certificate:
        """The certificate of a verification code (``VerificationCodeMalformedError`` first)."""
        return self.certificate_by_code(raw_code, at)[1]

    def row_by_code(self, raw_code: str) -> CourseRow:
        """The delivered course of a verification code (one 404 for every other case)."""
        row = self.view.by_code_digest(code_digest(normalise_code(raw_code)))
        if row is None or row.delivered_at is None:
            raise CertificateNotFoundError(NOT_FOUND)
        return row

    def certificate_by_code(self, raw_code: str, at: datetime) -> tuple[CourseRow, Certificate]:
        """The delivered course of a code and its certificate, read in one transaction."""
        return self.certificate_by_digest(code_digest(normalise_code(raw_code)), at)

    def certificate_by_digest(self, digest: str, at: datetime) -> tuple[CourseRow, Certificate]:
        """``certificate_by_code`` for a code already normalised and digested."""
        found = self.view.certificate_rows(digest=digest)
        if found is None or found[0].delivered_at is None:
            raise CertificateNotFoundError(NOT_FOUND)
        course, session, candidate = found
        return course, self._build(course, session, candidate, at)

    def row_by_token(self, token: str) -> CourseRow:
        """The delivered course a live share token opens."""
        link = self.view.link_by_digest(token_digest(token))
        if link is None or link.revoked_at is not None:
            raise ShareLinkNotFoundError("this share link does not exist or was revoked")
        row = self.view.course(link.course_id)
        if row is None or row.delivered_at is None:
            raise CertificateNotFoundError(NOT_FOUND)
        return row

    def by_token(self, token: str, at: datetime) -> Certificate:
        """The certificate a live share token opens."""
        return self.certificate_of(self.row_by_token(token), at)

    def owned(self, course_id: UUID, user_id: UUID, at: datetime) -> Certificate:
        """The candidate's own certificate (out of scope for anyone else)."""
        return self.certificate_of(self.owned_row(course_id, user_id), at)

    def owned_row(self, course_id: UUID, user_id: UUID | None) -> CourseRow:
        """The course row if it is delivered and ``user_id``'s (None: any owner, for staff)."""
        row = self.view.course(course_id)
        if row is None or row.delivered_at is None:
            raise CertificateNotFoundError(NOT_FOUND)
        if user_id is not None and row.user_id != user_id:
            raise OutOfScopeError("only the candidate may read their certificate")
        return row

    def summaries(self, user_id: UUID, at: datetime) -> list[CertificateSummary]:
        """Every course of the candidate, with its status (``waiting_for_results`` unpublished)."""
        items = []
        for row in self.view.courses_of_user(user_id):
            session = self.view.session(row.session_id)
            result = row.result or {}
            published = row.published_at is not None
            status = str(result.get("status", "started")) if published else "waiting_for_results"
            validity = (
                status_at(
                    at,
                    delivered_at=row.delivered_at,
                    revoked_at=row.revoked_at,
                    revocation_reason=row.revocation_reason,
                ).status
                if row.delivered_at
                else None
            )
            items.append(
                CertificateSummary(
                    certificate_id=row.course_id,
                    taken_on=row.started_at.date(),
                    centre_name=session.centre_name if session else "",
                    status=status,
                    pix_score=result.get("pix_score") if published else None,
                    mesh_index=result.get("mesh_index") if published else None,
                    delivered_at=row.delivered_at,
                    validity_status=validity,
                )
            )
        return items

    def identity(self, candidate_id: UUID) -> Identity:
        """The candidate's identity, unsealed now (``[erased]`` after erasure)."""
        return self._identity(self.view.candidate(candidate_id))

    def _identity(self, candidate: CandidateRow | None) -> Identity:
        sealed = candidate.sealed if candidate else {}
        names = [n for n in _IDENTITY_FIELDS if n in sealed]
        many = getattr(self.vault, "unseal_many", None)  # one key read for every field
        texts = (
            many([sealed[n] for n in names])
            if many
            else [self.vault.unseal(sealed[n]) for n in names]
        )
        plain = dict(zip(names, texts, strict=True))

        def field(name: str) -> str:
            return str(plain.get(name, ""))

        place = field("birth_city") or field("birth_postal_code") or field("birth_insee_code")
        country = field("birth_country")
        if ERASED in (place, country):
            birthplace = ERASED
        else:
            birthplace = f"{place} ({country})" if place and country else place or country
        return Identity(field("first_name"), field("last_name"), field("birthdate"), birthplace)

    def certificate_of(self, row: CourseRow, at: datetime) -> Certificate:
        """The certificate of a delivered course row."""
        found = self.view.certificate_rows(course_id=row.course_id)
        session, candidate = (found[1], found[2]) if found else (None, None)
        return self._build(row, session, candidate, at)

    def _build(
        self,
        row: CourseRow,
        session: SessionRow | None,
        candidate: CandidateRow | None,
        at: datetime,
    ) -> Certificate:
        assert row.delivered_at is not None
        return build_certificate(
            certificate_id=row.course_id,
            identity=self._identity(candidate),
            centre_name=session.centre_name if session else "",
            taken_on=row.started_at.date(),
            delivered_at=row.delivered_at,
            result=row.result or {},
            framework=self._framework(row.framework_key, row.max_reachable_level),
            certification_version=row.version,
            validity=status_at(
                at,
                delivered_at=row.delivered_at,
                revoked_at=row.revoked_at,
                revocation_reason=row.revocation_reason,
            ),
        )

    def _framework(self, key: str, recorded_cap: int | None = None) -> Framework:
        # A v2 course keeps the cap of its day (Pix's maxReachableLevelOnCertificationDate).
        return _load_framework(key, recorded_cap or self.max_reachable_level)


@functools.lru_cache(maxsize=16)
def _load_framework(key: str, max_reachable_level: int) -> Framework:
    framework_id, _, version = key.rpartition("-v")
    return load_framework(framework_id, int(version), max_reachable_level)
