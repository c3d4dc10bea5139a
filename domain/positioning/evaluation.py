"""CompetenceEvaluation: one learner's knowledge of one competence, as a history of events.

Its id is a natural key of the learner and the competence. It links the learner's successive
assessments of the competence (a first one, then retries) and records every knowledge element
with the answer it comes from, every reset, and every completion. The learner's profile at any
past instant is a filter of this history by time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.aggregate_copies import FlatState
from domain.ids import NAMESPACE
from domain.positioning.knowledge import RESET, KnowledgeElement, current_elements
from domain.positioning.scorecards import COMPLETED, EVALUATION_RESET, STARTED


def competence_evaluation_id(learner_id: UUID, competence_code: str) -> UUID:
    """The natural key: one evaluation per learner and competence."""
    return uuid5(NAMESPACE, f"competence-evaluation/{learner_id}/{competence_code}")


class CompetenceEvaluation(FlatState, Aggregate):
    """A learner's evaluation of one competence.

    Invariants: at most one assessment is running; elements are recorded only for the running
    assessment and at most once per skill within it; a reset replaces every current element
    by a ``reset`` element and ends the running assessment's link.
    """

    class Opened(Aggregate.Created):
        """The learner positioned themself on the competence for the first time."""

        learner_id: UUID
        competence_code: str
        framework_key: str
        opened_at: datetime
        actor_id: str
        actor_role: str

    class AssessmentStarted(Aggregate.Event):
        """An assessment of the competence started; ``improving`` for a retry ("Retenter")."""

        assessment_id: UUID
        improving: bool
        started_at: datetime
        actor_id: str
        actor_role: str

    class KnowledgeElementsRecorded(Aggregate.Event):
        """What one answer proved: the direct element first, then the inferred ones."""

        assessment_id: UUID
        challenge_id: str
        answer_status: str
        elements: tuple[dict[str, Any], ...]
        recorded_at: datetime
        actor_id: str
        actor_role: str

    class AssessmentCompleted(Aggregate.Event):
        """No skill was left to assess: the running assessment ended."""

        assessment_id: UUID
        completed_at: datetime
        actor_id: str
        actor_role: str

    class KnowledgeElementsReset(Aggregate.Event):
        """The learner reset the competence: each listed skill got a ``reset`` element."""

        skill_ids: tuple[str, ...]
        reset_at: datetime
        actor_id: str
        actor_role: str

    class CampaignElementsRecorded(Aggregate.Event):
        """What one answer in a campaign assessment proved on this competence (ADR 1201).

        The elements join the learner's profile as any others; the competence's own
        assessment, status and "assessed in this assessment" set are left as they are.
        """

        assessment_id: UUID
        challenge_id: str
        answer_status: str
        elements: tuple[dict[str, Any], ...]
        recorded_at: datetime
        actor_id: str
        actor_role: str

    class CampaignElementsReset(Aggregate.Event):
        """A campaign reset retry reset these skills only (spec §E); the status is unchanged."""

        skill_ids: tuple[str, ...]
        reset_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(learner_id: UUID, competence_code: str) -> UUID:
        """Natural key of the learner and the competence."""
        return competence_evaluation_id(learner_id, competence_code)

    @event(Opened)
    def __init__(
        self,
        *,
        learner_id: UUID,
        competence_code: str,
        framework_key: str,
        opened_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.learner_id = learner_id
        self.competence_code = competence_code
        self.framework_key = framework_key
        self.status: str | None = None
        self.assessment_id: UUID | None = None
        self.assessment_started_at: datetime | None = None
        self.improving = False
        self.history: list[KnowledgeElement] = []
        self.assessed_skill_ids: set[str] = set()
        # (instant, status) after each change, so the status at a past instant can be read.
        self.status_timeline: list[tuple[datetime, str]] = []

    @event(AssessmentStarted)
    def _start(
        self,
        assessment_id: UUID,
        improving: bool,
        started_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if self.status == STARTED:
            raise ValueError("an assessment of this competence is already running")
        self.assessment_id = assessment_id
        self.assessment_started_at = started_at
        self.improving = improving
        self.assessed_skill_ids = set()
        self._set_status(STARTED, started_at)

    @event(KnowledgeElementsRecorded)
    def _record(
        self,
        assessment_id: UUID,
        challenge_id: str,
        answer_status: str,
        elements: Sequence[dict[str, Any]],
        recorded_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        if assessment_id != self.assessment_id or self.status != STARTED:
            raise ValueError("elements for an assessment that is not running")
        for record in elements:
            ke = KnowledgeElement.from_record(
                record,
                created_at=recorded_at,
                assessment_id=assessment_id,
                challenge_id=challenge_id,
            )
            if ke.skill_id in self.assessed_skill_ids:
                raise ValueError(f"skill {ke.skill_id} already assessed in this assessment")
            self.assessed_skill_ids.add(ke.skill_id)
            self.history.append(ke)

    @event(AssessmentCompleted)
    def _complete(
        self, assessment_id: UUID, completed_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if assessment_id != self.assessment_id or self.status != STARTED:
            raise ValueError("only the running assessment can complete")
        self._set_status(COMPLETED, completed_at)

    @event(KnowledgeElementsReset)
    def _reset(
        self, skill_ids: Sequence[str], reset_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self._append_resets(skill_ids, reset_at)
        self.assessment_id = None
        self.assessment_started_at = None
        self.improving = False
        self._set_status(EVALUATION_RESET, reset_at)

    @event(CampaignElementsRecorded)
    def _record_for_campaign(
        self,
        assessment_id: UUID,
        challenge_id: str,
        answer_status: str,
        elements: Sequence[dict[str, Any]],
        recorded_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        for record in elements:
            self.history.append(
                KnowledgeElement.from_record(
                    record,
                    created_at=recorded_at,
                    assessment_id=assessment_id,
                    challenge_id=challenge_id,
                )
            )

    @event(CampaignElementsReset)
    def _reset_for_campaign(
        self, skill_ids: Sequence[str], reset_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self._append_resets(skill_ids, reset_at)

    def _append_resets(self, skill_ids: Sequence[str], reset_at: datetime) -> None:
        by_skill = self.current()
        for skill_id in skill_ids:
            old = by_skill[skill_id]
            self.history.append(
                KnowledgeElement(
                    skill_id=old.skill_id,
                    tube_id=old.tube_id,
                    difficulty=old.difficulty,
                    source=old.source,
                    status=RESET,
                    earned_pix=0.0,
                    created_at=reset_at,
                    assessment_id=old.assessment_id,
                    challenge_id="",
                )
            )

    def assessed_in(self, assessment_id: UUID) -> set[str]:
        """Skills holding an element recorded by ``assessment_id`` (a campaign's inference)."""
        return {ke.skill_id for ke in self.history if ke.assessment_id == assessment_id}

    def _set_status(self, status: str, at: datetime) -> None:
        self.status = status
        self.status_timeline.append((at, status))

    # -- reading the history ----------------------------------------------------------------

    def current(self, at: datetime | None = None) -> dict[str, KnowledgeElement]:
        """Current elements by skill, as they stood at ``at`` (now if None); resets dropped."""
        history = self.history if at is None else [k for k in self.history if k.created_at <= at]
        return current_elements(history)

    def status_at(self, at: datetime) -> str | None:
        """The evaluation's status at ``at``: None before its first assessment."""
        found = None
        for when, status in self.status_timeline:
            if when > at:
                break
            found = status
        return found

    @property
    def is_running(self) -> bool:
        """An assessment of the competence is running."""
        return self.status == STARTED
