"""Read sides of a session from its aggregates: the board, supervision, results, candidates.

HTTP reads the same shapes from the ``session_board`` read model without replaying anything;
these replay the session and its courses, for the domain's own use and as the reference the
read model is checked against.
"""

from __future__ import annotations

from uuid import UUID

from domain.certification.board import (
    CandidateListing,
    CandidateResult,
    SessionBoard,
    SupervisedCandidate,
    board_of,
    listing,
    results,
    supervision,
)
from domain.certification.lookups import CertificationLookups


class CertificationQueries(CertificationLookups):
    """What the candidate list, the invigilator's screen and the results table show."""

    def session_board(self, session_id: UUID) -> SessionBoard:
        """The session's board, replayed from the session and each started course."""
        session = self.get_session(session_id)
        courses = {
            c.course_id: self.get_course(c.course_id)
            for c in session.candidates.values()
            if c.course_id is not None
        }
        return board_of(session, courses)

    # Each query takes the board of the read model when the caller has it (HTTP does), and
    # replays the aggregates otherwise; identities are unsealed here, through the vault port.

    def list_candidates(
        self, session_id: UUID, board: SessionBoard | None = None
    ) -> list[CandidateListing]:
        """Every candidate of the session with their identity unsealed, in enrolment order."""
        return listing(board or self.session_board(session_id), self._vault())

    def supervise_session(
        self, session_id: UUID, board: SessionBoard | None = None
    ) -> list[SupervisedCandidate]:
        """Each candidate: identity, authorisation, course progress and ongoing alerts."""
        return supervision(board or self.session_board(session_id), self._vault())

    def session_results(
        self, session_id: UUID, board: SessionBoard | None = None
    ) -> list[CandidateResult]:
        """Each candidate with their course's latest recorded result (None before scoring)."""
        return results(board or self.session_board(session_id), self._vault())
