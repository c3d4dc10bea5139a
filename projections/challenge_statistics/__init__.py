"""Per-challenge item statistics: how often each challenge was served and how it was answered.

Psychometricians and jury reviewers use it to spot challenges that misbehave (too easy, too
hard, often skipped, often timed out) compared with their calibration.
"""

from projections.challenge_statistics.popo import POPOChallengeStatisticsView
from projections.challenge_statistics.postgres import PostgresChallengeStatisticsView
from projections.challenge_statistics.projection import ChallengeStatisticsProjection
from projections.challenge_statistics.sqlite import SQLiteChallengeStatisticsView
from projections.challenge_statistics.view import (
    COUNTERS,
    ChallengeStatistics,
    ChallengeStatisticsView,
)

__all__ = [
    "COUNTERS",
    "ChallengeStatistics",
    "ChallengeStatisticsProjection",
    "ChallengeStatisticsView",
    "POPOChallengeStatisticsView",
    "PostgresChallengeStatisticsView",
    "SQLiteChallengeStatisticsView",
]
