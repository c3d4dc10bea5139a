"""Read sides of a session for its centre, its invigilator and the candidate (from aggregates)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.certification.delivery import TEST_MINUTES
from domain.certification.lookups import CertificationLookups
from domain.certification.session import AUTHORIZATION_VALIDITY


class CertificationQueries(CertificationLookups):
    """What the invigilator's screen and the results table show."""

    def supervise_session(self, session_id: UUID) -> list[dict[str, Any]]:
        """Each candidate: identity, authorisation, course progress and ongoing alerts."""
        session = self.get_session(session_id)
        rows = []
        for candidate in session.candidates.values():
            fields = self.read_candidate(session_id, candidate.candidate_id)
            course = self.get_course(candidate.course_id) if candidate.course_id else None
            rows.append(
                {
                    **fields,
                    "reconciled": candidate.user_id is not None,
                    "authorized_until": (
                        candidate.authorized_at + AUTHORIZATION_VALIDITY
                        if candidate.authorized_at
                        else None
                    ),
                    "course_id": candidate.course_id,
                    "state": course.state if course else None,
                    "answered": len(course.answers) if course else 0,
                    # Indicative, as the spec says; the real limit includes extra time.
                    "theoretical_end": (
                        course.started_at + timedelta(minutes=TEST_MINUTES) if course else None
                    ),
                    "ongoing_live_alert": course.ongoing_alert if course else None,
                    "companion_alert": course.companion_alert_ongoing if course else False,
                }
            )
        return rows

    def session_results(self, session_id: UUID) -> list[dict[str, Any]]:
        """Each candidate with their course's latest recorded result (None before scoring).

        v2 and v3 results share their keys; v2 adds the reproducibility rate, v3 the capacity.
        """
        session = self.get_session(session_id)
        rows = []
        for candidate in session.candidates.values():
            fields = self.read_candidate(session_id, candidate.candidate_id)
            course = self.get_course(candidate.course_id) if candidate.course_id else None
            result: dict[str, Any] = course.results[-1] if course and course.results else {}
            rows.append(
                {
                    "candidate_id": candidate.candidate_id,
                    "first_name": fields["first_name"],
                    "last_name": fields["last_name"],
                    "course_id": candidate.course_id,
                    "state": course.state if course else None,
                    "status": result.get("status"),
                    "pix_score": result.get("pix_score"),
                    "capacity": result.get("capacity"),
                    "mesh_index": result.get("mesh_index"),
                    "degraded": result.get("degraded"),
                    "auto_jury_comment": result.get("auto_jury_comment"),
                    "competence_marks": result.get("competence_marks", []),
                    "algorithm": result.get("algorithm"),
                    "version": course.certification_version if course else None,
                    # v2 only (None for v3): the share of right answers the levels rest on.
                    "reproducibility_rate": result.get("reproducibility_rate"),
                }
            )
        return rows
