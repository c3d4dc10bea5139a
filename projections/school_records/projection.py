"""SchoolRecordsProjection: certification results, publication and organisation learners.

Feeds the pull APIs (lifecycle §6.8): the school record by UAI and the higher-education search.
A course's result is its latest ``Scored`` or ``JuryCase.ResultRecorded`` (ADR 0800); it is
published while its session's latest ``SessionDeliberation`` event is ``Published`` naming it.
"""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.utils import get_topic

from domain.campaigns.organisation import Organisation
from domain.certification.course import CertificationCourse
from domain.certification.session import CertificationSession
from domain.certification.v2_course import V2CertificationCourse
from jury.case import JuryCase
from jury.deliberation import SessionDeliberation
from projections.base import Change, LedgerProjection
from projections.school_records.view import (
    COURSE,
    LEARNER,
    LINK,
    ORGANISATION,
    PUBLISHED,
    RESULT,
    SESSION,
    UNPUBLISHED,
    SchoolRecordsView,
)

Org, Course, Jury, Deliberation = Organisation, CertificationCourse, JuryCase, SessionDeliberation


def _result(course_id: Any, result: dict[str, Any]) -> Change:
    marks = {str(m["competence_id"]): int(m["level"]) for m in result.get("competence_marks") or ()}
    return (
        RESULT,
        str(course_id),
        str(result.get("status", "")),
        int(result.get("pix_score") or 0),
        json.dumps(marks, sort_keys=True),
    )


def changes_for(event: Any) -> list[Change]:
    """Changes implied by one event; events of other aggregates imply nothing."""
    eid = str(event.originator_id)
    if isinstance(event, CertificationSession.Created):
        return [(SESSION, eid, event.centre_name)]
    if isinstance(event, Course.Started):
        return [
            (
                COURSE,
                eid,
                str(event.session_id),
                str(event.user_id),
                event.verification_code,
                event.started_at.isoformat(),
            )
        ]
    if isinstance(event, Course.Scored):
        return [_result(eid, event.result)]
    if isinstance(event, Jury.ResultRecorded):
        return [_result(event.course_id, event.result)]
    if isinstance(event, Deliberation.Published):
        return [
            (PUBLISHED, str(event.session_id), json.dumps([str(c) for c in event.course_ids]),
             event.published_at.isoformat())
        ]  # fmt: skip
    if isinstance(event, Deliberation.Unpublished):
        return [(UNPUBLISHED, str(event.session_id))]
    if isinstance(event, Org.Created):
        return [(ORGANISATION, eid, event.uai)]
    if isinstance(event, Org.LearnersRecorded):
        return [(LEARNER, eid, json.dumps(r, sort_keys=True, default=str)) for r in event.learners]
    if isinstance(event, Org.LearnerLinked):
        return [(LINK, eid, str(event.learner_id), str(event.user_id))]
    return []


class SchoolRecordsProjection(LedgerProjection[SchoolRecordsView]):
    """Keeps the school records view up to date."""

    name = "school_records"
    topics = tuple(
        get_topic(cls)
        for cls in (
            CertificationSession.Created,
            Course.Started,
            V2CertificationCourse.Started,
            Course.Scored,
            V2CertificationCourse.Scored,
            Jury.ResultRecorded,
            Deliberation.Published,
            Deliberation.Unpublished,
            Org.Created,
            Org.LearnersRecorded,
            Org.LearnerLinked,
        )
    )

    def changes_for(self, domain_event: Any) -> list[Change]:
        """See the module function ``changes_for``."""
        return changes_for(domain_event)
