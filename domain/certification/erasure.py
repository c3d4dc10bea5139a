"""Right to erasure across certification: shred the keys of a person's candidate records."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.certification.history import CertificationHistory
from domain.certification.lookups import CertificationLookups
from domain.certification.session import CertificationSession


class CandidateErasure(CertificationLookups):
    """A person's certification records: exported on request, shredded on erasure."""

    def certification_records(self, user_id: UUID) -> list[dict[str, Any]]:
        """Everything certification holds about the user (right of access), one row a session.

        Each row has the candidate record (unsealed, or ``[erased]``), the course's state,
        verification code and recorded results.
        """
        rows = []
        for session in self._linked_sessions(self._history(user_id)):
            candidate = session.candidate_of_user(user_id)
            if candidate is None:
                continue
            course = self.get_course(candidate.course_id) if candidate.course_id else None
            rows.append(
                {
                    "session_id": str(session.id),
                    "centre": session.centre_name,
                    "candidate": self.read_candidate(session.id, candidate.candidate_id),
                    "course": None
                    if course is None
                    else {
                        "course_id": str(course.id),
                        "state": course.state,
                        "started_at": course.started_at.isoformat(),
                        "verification_code": course.verification_code,
                        "answers": len(course.answers),
                        "results": course.results,
                    },
                }
            )
        return rows

    def erase_candidate_records(self, user_id: UUID) -> int:
        """Delete the keys of the user's candidate records; return how many existed.

        Their names, birthdates, birth places and e-mails then read as erased in every session,
        while courses, answers and results stay intact and verifiable.
        """
        vault = self._vault()
        return sum(
            vault.erase(candidate_id) for candidate_id in self._history(user_id).candidate_ids
        )

    def _linked_sessions(self, history: CertificationHistory) -> list[CertificationSession]:
        return [self.get_session(session_id) for session_id in dict.fromkeys(history.session_ids)]
