"""CertificatesProjection: sessions, courses, results, publication and share links to rows.

Pure: each event maps to changes; whether a change delivers or revokes a certificate is
decided by ``view.fold`` against the row's state inside the batch's transaction.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from domain.certification.course import CertificationCourse
from domain.certification.session import CertificationSession
from domain.certification.v2_course import V2CertificationCourse
from domain.credentials.codes import code_digest
from domain.credentials.sharing import ShareLink
from jury.case import JuryCase
from jury.deliberation import SessionDeliberation
from projections.base import Change, LedgerProjection
from projections.certificates.rows import CandidateRow, CourseRow, SessionRow, ShareLinkRow
from projections.certificates.view import (
    CANDIDATE,
    COURSE,
    LINK,
    LINK_REVOKED,
    PUBLISHED,
    RESULT,
    SESSION,
    UNPUBLISHED,
    CertificatesView,
)

_KEPT = (
    "status",
    "pix_score",
    "mesh_index",
    "competence_marks",
    "algorithm",
    "auto_jury_comment",
    "reproducibility_rate",
    "comment_for_candidate",
    "comment_for_organization",
)
"""What certificates and exports show of a result (scoring configurations stay in events)."""


def slim(result: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The kept keys of a result, plus ``extra`` (emitter and reason of jury results)."""
    return {**{k: result.get(k) for k in _KEPT}, **extra}


def changes_for(event: Any) -> list[Change]:
    """Rows implied by one event; events of other aggregates imply nothing."""
    oid = event.originator_id
    if isinstance(event, CertificationSession.Created):
        return [
            (
                SESSION,
                SessionRow(oid, event.centre_id, event.centre_name, event.date, event.version),
            )
        ]
    if isinstance(event, CertificationSession.CandidateEnrolled):
        external_id = event.options.get("external_id")
        return [(CANDIDATE, CandidateRow(event.candidate_id, oid, dict(event.sealed), external_id))]
    if isinstance(event, CertificationCourse.Started):
        version = 2 if isinstance(event, V2CertificationCourse.Started) else 3
        cap = event.configuration.get("max_reachable_level") if version == 2 else None
        row = CourseRow(
            course_id=oid,
            session_id=event.session_id,
            candidate_id=event.candidate_id,
            user_id=event.user_id,
            code_digest=code_digest(event.verification_code),
            started_at=event.started_at,
            framework_key=event.framework_key,
            version=version,
            max_reachable_level=int(cap) if cap is not None else None,
        )
        return [(COURSE, row)]
    if isinstance(event, CertificationCourse.Scored):
        result = slim(event.result, emitter="PIX-ALGO")
        return [(RESULT, oid, result, event.scored_at, (oid, event.originator_version))]
    if isinstance(event, JuryCase.ResultRecorded):
        result = slim(event.result, emitter=event.emitter, decision=event.decision)
        return [
            (RESULT, event.course_id, result, event.recorded_at, (oid, event.originator_version))
        ]
    if isinstance(event, SessionDeliberation.Published):
        return [(PUBLISHED, event.session_id, tuple(event.course_ids), event.published_at)]
    if isinstance(event, SessionDeliberation.Unpublished):
        return [(UNPUBLISHED, event.session_id, event.unpublished_at)]
    if isinstance(event, ShareLink.Created):
        link = ShareLinkRow(
            oid, event.course_id, event.user_id, event.token_digest, event.purpose, event.created_at
        )
        return [(LINK, link)]
    if isinstance(event, ShareLink.Revoked):
        return [(LINK_REVOKED, oid, event.revoked_at)]
    return []


class CertificatesProjection(LedgerProjection[CertificatesView]):
    """Keeps the certificates view up to date from certification, jury and sharing events."""

    name = "certificates"
    topics = tuple(
        get_topic(cls)
        for cls in (
            CertificationSession.Created,
            CertificationSession.CandidateEnrolled,
            CertificationCourse.Started,
            CertificationCourse.Scored,
            V2CertificationCourse.Started,
            V2CertificationCourse.Scored,
            JuryCase.ResultRecorded,
            SessionDeliberation.Published,
            SessionDeliberation.Unpublished,
            ShareLink.Created,
            ShareLink.Revoked,
        )
    )

    def changes_for(self, domain_event: Any) -> list[Change]:
        """See the module function ``changes_for``."""
        return changes_for(domain_event)
