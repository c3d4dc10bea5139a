"""CampaignResultsProjection: organisation, campaign and participation events to documents.

Pure: each event becomes changes; the view applies them. Personal fields stay sealed (the
reader unseals), so an erasure reaches this view too.
"""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.utils import get_topic

from domain.campaigns.campaign import Campaign, CampaignParticipant
from domain.campaigns.organisation import Organisation
from domain.positioning.evaluation import CompetenceEvaluation
from projections.base import Change, LedgerProjection
from projections.campaign_results.documents import (
    ARCHIVE,
    CAMPAIGN,
    COMPLETE,
    ELEMENTS,
    LEARNER,
    LINK,
    MEMBER,
    ORGANISATION,
    PARTICIPANT,
    REPLACE,
    SHARE,
    START,
)
from projections.campaign_results.view import CampaignResultsView

Org, C, P = Organisation, Campaign, CampaignParticipant


def _iso(value: Any) -> str:
    return str(value.isoformat())


def changes_for(event: Any) -> list[Change]:
    """Changes implied by one event; events of other aggregates imply nothing."""
    eid = str(event.originator_id)
    if isinstance(event, Org.Created):
        return [(ORGANISATION, eid, event.type, event.name, event.uai)]
    if isinstance(event, Org.MemberAdded):
        return [(MEMBER, eid, str(event.user_id), event.role)]
    if isinstance(event, Org.LearnersRecorded):
        return [
            (
                LEARNER,
                str(r["learner_id"]),
                eid,
                str(r["division"]),
                str(r["first_name"]),
                str(r["last_name"]),
                str(r["birthdate"]),
                str(r["national_student_id"]),
            )
            for r in event.learners
        ]
    if isinstance(event, Org.LearnerLinked):
        return [(LINK, str(event.learner_id), str(event.user_id))]
    if isinstance(event, C.Created):
        skills = [
            {k: s[k] for k in ("id", "name", "tube_id", "competence_code")} for s in event.skills
        ]
        return [
            (
                CAMPAIGN,
                eid,
                str(event.organisation_id),
                event.type,
                event.name,
                event.code,
                str(event.target_profile.get("name", "")),
                json.dumps(skills, sort_keys=True),
                event.external_id_label,
                _iso(event.created_at),
            )
        ]
    if isinstance(event, C.Archived):
        return [(ARCHIVE, eid, _iso(event.archived_at))]
    if isinstance(event, P.Opened):
        return [
            (
                PARTICIPANT,
                eid,
                str(event.campaign_id),
                str(event.user_id),
                str(event.organisation_learner_id),
            )
        ]
    if isinstance(event, P.ParticipationStarted):
        return [
            (
                START,
                str(event.participation_id),
                eid,
                event.index,
                str(event.assessment_id) if event.assessment_id else "",
                event.external_id,
                event.improving,
                _iso(event.started_at),
            )
        ]
    if isinstance(event, P.AssessmentReplaced):
        return [(REPLACE, str(event.participation_id), str(event.assessment_id))]
    if isinstance(event, P.ParticipationCompleted):
        return [(COMPLETE, str(event.participation_id), _iso(event.completed_at))]
    if isinstance(event, P.ParticipationShared):
        return [
            (
                SHARE,
                str(event.participation_id),
                _iso(event.shared_at),
                json.dumps(event.results, sort_keys=True),
            )
        ]
    if isinstance(event, CompetenceEvaluation.CampaignElementsRecorded):
        statuses = {str(e["skill_id"]): str(e["status"]) for e in event.elements}
        return [(ELEMENTS, str(event.assessment_id), json.dumps(statuses, sort_keys=True))]
    return []


class CampaignResultsProjection(LedgerProjection[CampaignResultsView]):
    """Keeps the campaign results view up to date."""

    name = "campaign_results"
    topics = tuple(
        get_topic(cls)
        for cls in (
            Org.Created,
            Org.MemberAdded,
            Org.LearnersRecorded,
            Org.LearnerLinked,
            C.Created,
            C.Archived,
            P.Opened,
            P.ParticipationStarted,
            P.AssessmentReplaced,
            P.ParticipationCompleted,
            P.ParticipationShared,
            CompetenceEvaluation.CampaignElementsRecorded,
        )
    )

    def changes_for(self, domain_event: Any) -> list[Change]:
        """See the module function ``changes_for``."""
        return changes_for(domain_event)
