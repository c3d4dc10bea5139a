"""ProfilesProjection: competence evaluation events to profile rows (pure)."""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from domain.positioning.evaluation import CompetenceEvaluation
from domain.positioning.knowledge import RESET
from domain.positioning.scorecards import COMPLETED, EVALUATION_RESET, STARTED
from projections.base import Change, LedgerProjection
from projections.profiles.view import ELEMENT, OPENED, STATUS, ProfilesView

E = CompetenceEvaluation


def changes_for(event: Any) -> list[Change]:
    """Rows implied by one event; events of other aggregates imply nothing."""
    eid = event.originator_id
    if isinstance(event, E.Opened):
        return [(OPENED, eid, event.learner_id, event.competence_code)]
    if isinstance(event, E.AssessmentStarted):
        return [(STATUS, eid, STARTED)]
    if isinstance(event, E.AssessmentCompleted):
        return [(STATUS, eid, COMPLETED)]
    if isinstance(event, (E.KnowledgeElementsRecorded, E.CampaignElementsRecorded)):
        return [
            (
                ELEMENT,
                eid,
                str(e["skill_id"]),
                str(e["status"]),
                str(e["source"]),
                float(e["earned_pix"]),
                event.recorded_at,
            )
            for e in event.elements
        ]
    if isinstance(event, E.CampaignElementsReset):
        return [(ELEMENT, eid, s, RESET, "", 0.0, event.reset_at) for s in event.skill_ids]
    if isinstance(event, E.KnowledgeElementsReset):
        resets: list[Change] = [
            (ELEMENT, eid, skill, RESET, "", 0.0, event.reset_at) for skill in event.skill_ids
        ]
        return [*resets, (STATUS, eid, EVALUATION_RESET)]
    return []


class ProfilesProjection(LedgerProjection[ProfilesView]):
    """Keeps the profiles view up to date from ``CompetenceEvaluation`` events."""

    name = "profiles"
    topics = tuple(
        get_topic(cls)
        for cls in (
            E.Opened,
            E.AssessmentStarted,
            E.AssessmentCompleted,
            E.KnowledgeElementsRecorded,
            E.KnowledgeElementsReset,
            E.CampaignElementsRecorded,
            E.CampaignElementsReset,
        )
    )

    def changes_for(self, domain_event: Any) -> list[Change]:
        """See the module function ``changes_for``."""
        return changes_for(domain_event)
