"""JuryCase: the jury's file on one certification course, one aggregate per course.

Every jury decision on a course is an event here, with its actor, role, time and reason; a
decision that changes the result is saved together with the ``ResultRecorded`` it produced, in
one atomic write. The course's result history is its ``CertificationCourse.Scored`` events
(finalisation) followed by this case's ``ResultRecorded`` events; the latest is the result.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE


class JuryCase(Aggregate):
    """The decisions taken on one course and the results they produced, in order."""

    class Opened(Aggregate.Created):
        """The jury opened a file on this course (at its first decision or rescoring)."""

        course_id: UUID
        session_id: UUID
        opened_at: datetime
        actor_id: str
        actor_role: str

    class ResultRecorded(Aggregate.Event):
        """A new result for the course; ``result`` has the shape of ``Scored.result``.

        ``decision`` names what produced it (e.g. ``rejected_for_fraud``, ``cancelled``,
        ``auto_jury``, ``manual_result``), ``emitter`` is the §6.1 emitter string, and
        ``rule_version`` the version of the rules that computed it, so a replay is exact.
        """

        course_id: UUID
        session_id: UUID
        result: dict[str, Any]
        decision: str
        emitter: str
        reason: str
        rule_version: str
        recorded_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(course_id: UUID) -> UUID:
        """Natural key: one case per course."""
        return uuid5(NAMESPACE, f"jury-case/{course_id}")

    @event(Opened)
    def __init__(
        self,
        *,
        course_id: UUID,
        session_id: UUID,
        opened_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.course_id = course_id
        self.session_id = session_id
        self.results: list[dict[str, Any]] = []

    @event(ResultRecorded)
    def _record_result(
        self,
        *,
        course_id: UUID,
        session_id: UUID,
        result: dict[str, Any],
        decision: str,
        emitter: str,
        reason: str,
        rule_version: str,
        recorded_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.results.append(
            dict(result, decision=decision, emitter=emitter, reason=reason, actor_id=actor_id)
        )
