from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.certification.retake import earliest_next_sitting, may_sit, next_sitting_date
from domain.certification.status import SessionStatus, session_status

T = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def test_status_precedence_is_published_assigned_finalized_created() -> None:
    assert (
        session_status(finalized_at=None, assigned_officer_id=None, published_at=None)
        == SessionStatus.CREATED
    )
    assert (
        session_status(finalized_at=T, assigned_officer_id=None, published_at=None)
        == SessionStatus.FINALIZED
    )
    assert (
        session_status(finalized_at=T, assigned_officer_id="j1", published_at=None)
        == SessionStatus.IN_PROCESS
    )
    assert (
        session_status(finalized_at=T, assigned_officer_id="j1", published_at=T)
        == SessionStatus.PROCESSED
    )
    assert (
        session_status(finalized_at=T, assigned_officer_id=None, published_at=T)
        == SessionStatus.PROCESSED
    )


def test_a_first_sitting_is_always_allowed() -> None:
    assert may_sit([], T)
    assert earliest_next_sitting([]) is None


def test_fifteen_days_must_pass_since_the_latest_start() -> None:
    starts = [T - timedelta(days=40), T]
    assert not may_sit(starts, T + timedelta(days=14, hours=23, minutes=59))
    assert may_sit(starts, T + timedelta(days=15))
    assert next_sitting_date(starts) == date(2026, 11, 16)
