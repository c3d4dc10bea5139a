"""V2Commands: what the v2 test adds to the ledger's reads (the profile a test is drawn from).

Drawing, serving and resolving a v2 course are steps of the entry, course and finalisation
groups (plain functions in ``domain.certification.courses``); this group reads the placement
profile through the positioning port, as entry does when it draws the test.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.certification.lookups import CertificationLookups
from domain.positioning.v2_profile import V2Profile


class V2Commands(CertificationLookups):
    """The v2 placement profile of a learner, as it stood at an instant."""

    def get_v2_profile(self, learner_id: UUID, at: datetime, locale: str) -> V2Profile:
        """The certifiable competences, directly validated skills and answered challenges at ``at``.

        Read from positioning's events as of ``at`` (through the ``profiles`` port), so the
        profile as of a candidate's reconciliation comes back the same at any later instant.
        """
        return self.profiles.get_v2_profile(learner_id, at, locale)
