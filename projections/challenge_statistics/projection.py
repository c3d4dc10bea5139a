"""ChallengeStatisticsProjection: assessment events -> counter increments."""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from domain.assessment import Assessment
from projections.base import Change, LedgerProjection
from projections.challenge_statistics.view import COUNTERS, ChallengeStatisticsView


class ChallengeStatisticsProjection(LedgerProjection[ChallengeStatisticsView]):
    """Counts served challenges and answers by status; ignores every other event."""

    name = "challenge_statistics"
    topics = (get_topic(Assessment.ChallengeServed), get_topic(Assessment.AnswerRecorded))

    def changes_for(self, domain_event: Any) -> list[Change]:
        """``(challenge_id, counter, increment)`` for served challenges and answers."""
        if isinstance(domain_event, Assessment.ChallengeServed):
            return [(domain_event.challenge_id, "served", 1)]
        if isinstance(domain_event, Assessment.AnswerRecorded):
            counter = domain_event.status.lower()
            changes: list[Change] = [
                (domain_event.challenge_id, "time_spent", domain_event.time_spent_seconds)
            ]
            if counter in COUNTERS:
                changes.append((domain_event.challenge_id, counter, 1))
            return changes
        return []
