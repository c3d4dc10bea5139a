"""JuryLedger: the certification ledger plus the jury's commands (ADR 0800).

The composition root builds this class; it keeps the ledger's name, so it reads and writes
the same store and saves a decision with everything it changes in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.actors import Actor
from domain.application import CertificationLedger
from jury.views import RecipientResults


class JuryLedger(RecipientResults, CertificationLedger):
    """Every ledger command and query, plus deliberation, publication and the auto-jury."""

    # The library names an application after its own class unless the class says otherwise;
    # the name prefixes the stored tables, so the jury's ledger keeps the certification one's.
    name = CertificationLedger.name

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
        """Finalise (one transaction), then run the auto-jury (its own, rerunnable)."""
        results = super().finalize_session(
            session_id,
            examiner_global_comment=examiner_global_comment,
            has_incident=has_incident,
            has_joining_issue=has_joining_issue,
            abort_reasons=abort_reasons,
            at=at,
            actor=actor,
        )
        self.run_auto_jury(session_id, at=at)
        return results
