"""Finalisation by the centre: checks in the spec's order, then end and score every course."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.actors import Actor
from domain.certification.course import CertificationCourse
from domain.certification.courses import course_result, resolve_v2
from domain.certification.errors import (
    AbortReasonInvalidError,
    AbortReasonOnCompletedCourseError,
    SessionAlreadyFinalizedError,
    SessionNotFoundError,
    SessionWithMissingAbortReasonError,
    SessionWithoutStartedCertificationError,
)
from domain.certification.lookups import CertificationLookups
from domain.certification.session import CodeClaim
from domain.certification.v2_course import V2CertificationCourse
from domain.errors import InvalidInputError

ABORT_REASONS = ("candidate", "technical")
MAX_COMMENT = 500


class FinalizationCommands(CertificationLookups):
    """Finalising a session closes it and scores every course in one transaction."""

    def finalize_session(
        self,
        session_id: UUID,
        *,
        examiner_global_comment: str | None,
        has_incident: bool,
        has_joining_issue: bool,
        abort_reasons: dict[UUID, str],
        at: datetime,
        actor: Actor,
    ) -> list[dict[str, Any]]:
        """Finalise; returns each course's recorded result.

        Every test not completed needs an abort reason (``candidate`` or ``technical``), as in
        the spec, including one whose time ran out (the centre knows why it stopped; answers
        after the limit were refused). Every course is scored with the recorded versions.
        """
        session = self.get_session(session_id)
        if session.finalized_at is not None:
            raise SessionAlreadyFinalizedError("Cannot finalize session more than once.")
        courses = [self.get_course(c) for c in session.candidates.course_ids()]
        if not courses:
            raise SessionWithoutStartedCertificationError(
                "This session hasn't started, you can't finalise it. However, you can delete it."
            )
        comment = (examiner_global_comment or "").strip() or None
        if comment is not None and len(comment) > MAX_COMMENT:
            raise InvalidInputError(
                f"the examiner's comment is {len(comment)} characters; 500 at most"
            )
        for reason in abort_reasons.values():
            if reason not in ABORT_REASONS:
                raise AbortReasonInvalidError(
                    f"abort reason must be candidate or technical, not {reason!r}"
                )
        unfinished = {c.id for c in courses if c.state in ("started", "endedByInvigilator")}
        given = set(abort_reasons)
        if unfinished - given:
            raise SessionWithMissingAbortReasonError(
                "Une ou plusieurs certifications non terminées n'ont pas de “Raison de l’abandon” "  # noqa: RUF001
                "renseignées. La session ne peut donc pas être finalisée."
            )
        if given - unfinished:
            raise AbortReasonOnCompletedCourseError(
                'The field "Reason for abandonment" has been filled in for a candidate who has '
                "finished their certification exam in between. The session therefore can't be "
                "finalised. Please refresh the page before finalising."
            )
        results = [self._close_and_score(c, abort_reasons.get(c.id), at, actor) for c in courses]
        reports = [
            {"course_id": str(c.id), "abort_reason": abort_reasons.get(c.id)} for c in courses
        ]
        session._finalize(
            comment, has_incident, has_joining_issue, reports, at, actor.id, actor.role
        )
        claim = self._load(
            CodeClaim.create_id("access", session.access_code),
            CodeClaim,
            SessionNotFoundError,
            "access code claim",
        )
        claim._release()
        # One transaction: the session, its released code, and every course's end and score.
        self._save(session, claim, *courses)
        return results

    def _close_and_score(
        self, course: CertificationCourse, abort_reason: str | None, at: datetime, actor: Actor
    ) -> dict[str, Any]:
        if abort_reason is not None:
            # Auto-jury v2 (lifecycle §4.3) resolves what was left before the course is closed.
            if isinstance(course, V2CertificationCourse):
                resolve_v2(course, abort_reason, at, actor)
            course._end_due_to_finalization(abort_reason, at, actor.id, actor.role)
        record = course_result(course, self.bank)
        course._score(record, at, actor.id, actor.role)
        return record
