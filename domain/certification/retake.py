"""The seed rule: at least 15 days between two certification sessions of one candidate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

RETAKE_DELAY = timedelta(days=15)


def earliest_next_sitting(previous_starts: Iterable[datetime]) -> datetime | None:
    """When the candidate may start a new certification, or None if they never sat one.

    Measured from the start of their latest certification course: an attempt counts once it
    has started, whatever its result, since the rule is about sittings, not successes.
    """
    latest = max(previous_starts, default=None)
    return None if latest is None else latest + RETAKE_DELAY


def may_sit(previous_starts: Iterable[datetime], at: datetime) -> bool:
    """Whether a candidate may start a certification at ``at`` under the 15-day rule."""
    earliest = earliest_next_sitting(previous_starts)
    return earliest is None or at >= earliest


def next_sitting_date(previous_starts: Iterable[datetime]) -> date | None:
    """The calendar date (UTC) from which the candidate may sit again, for error messages."""
    earliest = earliest_next_sitting(previous_starts)
    return None if earliest is None else earliest.date()
