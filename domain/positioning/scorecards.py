"""Pix, levels and scorecards of one competence (spec B.3, B.4).

With ``P`` the sum of the earned pix of the learner's current elements on a competence:
pix = min(floor(P), 8 x max level), level = min(floor(P / 8), max level) (from the raw ``P``,
not from the capped pix), pix ahead of the next level = pix mod 8. The global score is the sum
of the capped per-competence pix. Delays count fractional days since the last element:
remaining = max(0, ceil(delay - days)), None when there is no element.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Protocol

from domain.framework.model import PIX_PER_LEVEL
from domain.positioning.knowledge import days_between

RESET_DELAY_DAYS: Final = 7
"""Days after the last element before a competence can be reset."""
IMPROVING_DELAY_DAYS: Final = 4
"""Days after the last element before a completed competence can be retried."""
NOT_STARTED: Final = "NOT_STARTED"
STARTED: Final = "STARTED"
COMPLETED: Final = "COMPLETED"
EVALUATION_RESET: Final = "RESET"
"""Status of a competence evaluation after a reset (its scorecard then reads NOT_STARTED)."""


class Earned(Protocol):
    """What scoring reads from a knowledge element (read models pass their own rows)."""

    @property
    def skill_id(self) -> str:
        """The skill the element is about."""
        ...

    @property
    def earned_pix(self) -> float:
        """Pix earned (0 unless validated)."""
        ...

    @property
    def created_at(self) -> datetime:
        """When the element was recorded."""
        ...


@dataclass(frozen=True, slots=True)
class CompetenceScore:
    """``exact_pix`` unrounded; ``pix`` and ``level`` capped unless excess was allowed."""

    exact_pix: float
    pix: int
    level: int
    pix_ahead: int


def competence_score(
    exact_pix: float,
    max_reachable_level: int,
    *,
    allow_excess_pix: bool = False,
    allow_excess_level: bool = False,
) -> CompetenceScore:
    """Pix and level from the raw sum of earned pix ``exact_pix``."""
    # A tiny epsilon keeps float sums such as 8 x (8/6) = 15.999999999999998 from losing a pix
    # the content author meant to give; it is far below any pix value (>= 1/8 in practice).
    whole = math.floor(exact_pix + 1e-9)
    level = math.floor(exact_pix / PIX_PER_LEVEL + 1e-9)
    pix = whole if allow_excess_pix else min(whole, max_reachable_level * PIX_PER_LEVEL)
    if not allow_excess_level:
        level = min(level, max_reachable_level)
    return CompetenceScore(exact_pix, pix, level, pix % PIX_PER_LEVEL)


def global_pix(scores: Iterable[CompetenceScore]) -> int:
    """The global pix score: per-competence pix, each already capped, summed."""
    return sum(s.pix for s in scores)


def remaining_days(delay_days: float, days_since: float | None) -> int | None:
    """Whole days left before a delay has passed: ``max(0, ceil(delay - days))``."""
    if days_since is None:
        return None
    return max(0, math.ceil(delay_days - days_since))


def sum_earned_pix(elements: Iterable[Earned]) -> float:
    """Earned pix summed in skill-id order, so every reader gets the very same float."""
    return sum(ke.earned_pix for ke in sorted(elements, key=lambda k: k.skill_id))


@dataclass(frozen=True, slots=True)
class Scorecard:
    """One learner's standing on one competence at one instant."""

    competence_code: str
    status: str
    exact_pix: float
    pix: int
    level: int
    pix_ahead: int
    remaining_days_before_reset: int | None
    remaining_days_before_improving: int | None
    max_reachable_level: int

    @property
    def is_max_level(self) -> bool:
        """The level reached the highest reachable level."""
        return self.level >= self.max_reachable_level

    @property
    def remaining_pix_to_next_level(self) -> int:
        """Pix still to earn before the next level."""
        return PIX_PER_LEVEL - self.pix_ahead

    @property
    def is_resettable(self) -> bool:
        """Started or completed, and the reset delay has passed."""
        return self.status in (STARTED, COMPLETED) and self.remaining_days_before_reset == 0

    @property
    def is_improvable(self) -> bool:
        """Completed below the maximum level, and the retry delay has passed ("Retenter")."""
        return (
            self.status == COMPLETED
            and not self.is_max_level
            and self.remaining_days_before_improving == 0
        )


def scorecard_status(evaluation_status: str | None, has_elements: bool) -> str:
    """NOT_STARTED, STARTED or COMPLETED from the evaluation's status (None: never started)."""
    if evaluation_status is None or evaluation_status == EVALUATION_RESET:
        return STARTED if has_elements else NOT_STARTED
    return COMPLETED if evaluation_status == COMPLETED else STARTED


def build_scorecard(
    *,
    competence_code: str,
    evaluation_status: str | None,
    elements: Iterable[Earned],
    now: datetime,
    max_reachable_level: int,
    reset_delay_days: float = RESET_DELAY_DAYS,
    improving_delay_days: float = IMPROVING_DELAY_DAYS,
) -> Scorecard:
    """The scorecard from the learner's *current* elements on the competence (resets dropped)."""
    current = list(elements)
    score = competence_score(sum_earned_pix(current), max_reachable_level)
    last = max((ke.created_at for ke in current), default=None)
    since = None if last is None else days_between(now, last)
    return Scorecard(
        competence_code=competence_code,
        status=scorecard_status(evaluation_status, bool(current)),
        exact_pix=score.exact_pix,
        pix=score.pix,
        level=score.level,
        pix_ahead=score.pix_ahead,
        remaining_days_before_reset=remaining_days(reset_delay_days, since),
        remaining_days_before_improving=remaining_days(improving_delay_days, since),
        max_reachable_level=max_reachable_level,
    )
