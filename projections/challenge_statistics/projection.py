"""ChallengeStatisticsProjection: assessment events -> counter increments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.assessment import Assessment
from projections.base import Change, LedgerProjection, PlainReader
from projections.challenge_statistics.view import COUNTERS, ChallengeStatisticsView


class ChallengeStatisticsProjection(LedgerProjection[ChallengeStatisticsView]):
    """Counts served challenges and answers by status; ignores every other event."""

    name = "challenge_statistics"
    topics = (get_topic(Assessment.ChallengeServed), get_topic(Assessment.AnswerRecorded))

    def changes_for(self, domain_event: Any) -> list[Change]:
        """``(challenge_id, counter, increment)`` for served challenges and answers."""
        if isinstance(domain_event, Assessment.ChallengeServed):
            return served(domain_event.challenge_id)
        if isinstance(domain_event, Assessment.AnswerRecorded):
            return answered(
                domain_event.challenge_id, domain_event.status, domain_event.time_spent_seconds
            )
        return []

    # Every field read is a str or an int in the stored JSON: the same values either way.
    plain_readers: ClassVar[Mapping[type[Any], PlainReader]] = {
        Assessment.ChallengeServed: lambda state: served(state["challenge_id"]),
        Assessment.AnswerRecorded: lambda state: answered(
            state["challenge_id"], state["status"], state["time_spent_seconds"]
        ),
    }


def served(challenge_id: str) -> list[Change]:
    """The changes of a served challenge."""
    return [(challenge_id, "served", 1)]


def answered(challenge_id: str, status: str, time_spent_seconds: int) -> list[Change]:
    """The changes of an answer: its time, and its status's counter when the view counts it."""
    counter = status.lower()
    changes: list[Change] = [(challenge_id, "time_spent", time_spent_seconds)]
    if counter in COUNTERS:
        changes.append((challenge_id, counter, 1))
    return changes
