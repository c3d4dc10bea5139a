"""CertificationLookups: the loads every certification command group shares, and nothing else.

Each group (sessions, entry, courses, v2, finalisation, erasure, queries) inherits this base
only, never another group; ``CertificationLedger`` lists the groups. What certification needs
from positioning arrives as the ``profiles`` port, set when the ledger is constructed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.certification.course import CertificationCourse
from domain.certification.errors import (
    CandidateNotFoundError,
    CentreNotFoundError,
    CourseNotFoundError,
    SessionNotAccessibleError,
    SessionNotFoundError,
)
from domain.certification.history import CertificationHistory
from domain.certification.ports import CertificationProfiles
from domain.certification.roster import EnrolledCandidate
from domain.certification.session import CertificationCentre, CertificationSession
from domain.ledger_base import LedgerBase


class CertificationLookups(LedgerBase):
    """Centre, session, course, candidate and history loads, with the errors the spec names."""

    profiles: CertificationProfiles
    """Positioning's answers (certifiability, v2 profile) at an instant; given at construction."""

    def get_centre(self, centre_id: UUID) -> CertificationCentre:
        """The centre with this id; ``CentreNotFoundError`` otherwise."""
        return self._load(centre_id, CertificationCentre, CentreNotFoundError, "centre")

    def get_session(self, session_id: UUID) -> CertificationSession:
        """The session with this id; ``SessionNotFoundError`` otherwise."""
        return self._load(session_id, CertificationSession, SessionNotFoundError, "session")

    def get_course(self, course_id: UUID) -> CertificationCourse:
        """The course with this id; ``CourseNotFoundError`` otherwise."""
        return self._load(
            course_id, CertificationCourse, CourseNotFoundError, "certification course"
        )

    def read_candidate(self, session_id: UUID, candidate_id: UUID) -> dict[str, Any]:
        """A candidate's fields, unsealed (``[erased]`` once their key is deleted)."""
        session = self.get_session(session_id)
        return self._unsealed(self._candidate(session, candidate_id))

    def _unsealed(self, candidate: EnrolledCandidate) -> dict[str, Any]:
        vault = self._vault()
        fields = {name: vault.unseal(sealed) for name, sealed in candidate.sealed.items()}
        return {
            "candidate_id": candidate.candidate_id,
            **fields,
            **candidate.options,
            "user_id": candidate.user_id,
            "reconciled_at": candidate.reconciled_at,
        }

    def _accessible(self, session_id: UUID) -> CertificationSession:
        """The session, unless it is finalised (``SessionNotAccessibleError``)."""
        session = self.get_session(session_id)
        if session.finalized_at is not None:
            raise SessionNotAccessibleError("Certification session is not accessible")
        return session

    def _candidate(self, session: CertificationSession, candidate_id: UUID) -> EnrolledCandidate:
        candidate = session.candidates.get(candidate_id)
        if candidate is None:
            raise CandidateNotFoundError(f"no candidate {candidate_id} in session {session.id}")
        return candidate

    def _history(self, user_id: UUID) -> CertificationHistory:
        """The user's history, or a new (unsaved) one before their first certification."""
        found = self._find(CertificationHistory.create_id(user_id), CertificationHistory)
        return found or CertificationHistory(user_id=user_id)
