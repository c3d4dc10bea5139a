"""The challenge statistics view: its row type, its changes and its queries."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from projections.base import BatchView, Change

COUNTERS = ("served", "ok", "ko", "aband", "timedout", "focusedout", "partially", "time_spent")
"""Counted columns; ``time_spent`` is a sum of whole seconds over answers."""


@dataclass(frozen=True)
class ChallengeStatistics:
    """Counts for one challenge since the first event of the ledger."""

    challenge_id: str
    served: int = 0
    ok: int = 0
    ko: int = 0
    aband: int = 0
    timedout: int = 0
    focusedout: int = 0
    partially: int = 0
    time_spent: int = 0

    @property
    def answered(self) -> int:
        """Answers of any status."""
        return self.ok + self.ko + self.aband + self.timedout + self.focusedout + self.partially

    @property
    def success_rate(self) -> float | None:
        """Share of answers that were right (``ok`` only), None before the first answer."""
        return self.ok / self.answered if self.answered else None


def totals(changes: Sequence[Change]) -> dict[str, dict[str, int]]:
    """Fold ``(challenge_id, counter, increment)`` changes into per-challenge sums.

    Each challenge's sums hold every counter of ``COUNTERS``, in that order (0 if unchanged).
    """
    folded: dict[str, dict[str, int]] = {}
    get = folded.get
    for challenge_id, counter, increment in changes:
        sums = get(challenge_id)
        if sums is None:  # plain dicts: a catch-up folds a thousand changes a batch
            sums = folded[challenge_id] = dict.fromkeys(COUNTERS, 0)
        sums[counter] += increment
    return folded


class ChallengeStatisticsView(BatchView, ABC):
    """Queries every backend answers identically (the contract tests prove it)."""

    @abstractmethod
    def get_statistics(self, challenge_id: str) -> ChallengeStatistics:
        """Counts for one challenge (all zero if it was never served)."""

    @abstractmethod
    def list_statistics(self) -> list[ChallengeStatistics]:
        """Counts for every challenge served at least once, sorted by challenge id."""
