"""Session status, derived from the session's facts and never stored (lifecycle spec 2.2)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class SessionStatus(StrEnum):
    """``created`` -> ``finalized`` -> ``in_process`` -> ``processed`` (published)."""

    CREATED = "created"
    FINALIZED = "finalized"
    IN_PROCESS = "in_process"
    PROCESSED = "processed"


def session_status(
    *,
    finalized_at: datetime | None,
    assigned_officer_id: str | None,
    published_at: datetime | None,
) -> SessionStatus:
    """Published wins, then an assigned jury officer, then finalisation, else created."""
    if published_at is not None:
        return SessionStatus.PROCESSED
    if assigned_officer_id is not None:
        return SessionStatus.IN_PROCESS
    if finalized_at is not None:
        return SessionStatus.FINALIZED
    return SessionStatus.CREATED
