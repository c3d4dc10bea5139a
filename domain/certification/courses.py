"""Making a course and computing its result: steps shared by several command groups.

Entry makes the course a candidate sits, ``begin_course`` makes one on its own, finalisation and
rescoring compute results: plain functions, so no command group inherits from another.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any
from uuid import UUID

import numpy as np

from domain.actors import Actor
from domain.bank import ItemBank
from domain.certification.course import CertificationCourse
from domain.certification.delivery import result_record, score_course, time_limit_seconds
from domain.certification.v2_course import V2CertificationCourse
from domain.certification.v2_delivery import (
    draw_test,
    resolve_unanswered,
    start_fields,
    v2_result_record,
)
from domain.framework import Framework
from domain.positioning.v2_profile import V2Profile
from domain.scoring import FlashConfiguration, V2Configuration
from domain.scoring.configuration import V3_NEXT_CHALLENGE, V3ScoringConfiguration


def course_id_for(session_id: UUID, user_id: UUID) -> UUID:
    """One course per candidate user and session: resuming finds the same course."""
    return CertificationCourse.create_id(session_id, user_id)


def new_course(
    framework: Framework,
    bank: ItemBank,
    *,
    session_id: UUID,
    candidate_id: UUID,
    user_id: UUID,
    locale: str,
    accessibility_adjusted: bool,
    extra_time_ratio: float,
    verification_code: str,
    started_at: datetime,
    actor: Actor,
    configuration: FlashConfiguration | None = None,
    v2_draw: tuple[V2Profile, np.random.Generator] | None = None,
) -> CertificationCourse:
    """A new, unsaved course (callers save it with whatever else must change with it).

    ``v2_draw`` (the profile as of reconciliation and a generator) makes it a v2 course drawn
    from that profile; without it the course is a v3 one.
    """
    common: dict[str, Any] = {
        "session_id": session_id,
        "candidate_id": candidate_id,
        "user_id": user_id,
        "framework_key": framework.key,
        "bank_key": bank.key,
        "locale": locale,
        "accessibility_adjusted": accessibility_adjusted,
        "extra_time_ratio": extra_time_ratio,
        "time_limit_seconds": time_limit_seconds(extra_time_ratio),
        "verification_code": verification_code,
        "started_at": started_at,
        **actor.event_fields(),
    }
    if v2_draw is not None:
        return _new_v2_course(common, framework, *v2_draw)
    return CertificationCourse(
        **common,
        configuration=dataclasses.asdict(configuration or FlashConfiguration()),
        algorithm={"name": V3_NEXT_CHALLENGE.name, "version": V3_NEXT_CHALLENGE.version},
    )


def _new_v2_course(
    common: dict[str, Any], framework: Framework, profile: V2Profile, rng: np.random.Generator
) -> V2CertificationCourse:
    # The cap of the day is recorded with the course, so a later rescoring keeps it.
    configuration = V2Configuration(max_reachable_level=framework.max_reachable_level)
    test = draw_test(profile, rng, configuration)
    return V2CertificationCourse(
        **common,
        configuration=dataclasses.asdict(configuration),
        algorithm={"name": test.algorithm.name, "version": test.algorithm.version},
        **start_fields(profile, test),
    )


def serve_v2(course: V2CertificationCourse, at: datetime, actor: Actor) -> str | None:
    """Serve the next question of the v2 list on ``course`` (the caller saves), or complete it."""
    challenge_id = course.next_question()
    if challenge_id is None:
        course._complete("no_question_left", at, actor.id, actor.role)
        return None
    course._serve_next(challenge_id, len(course.served) + 1, at, actor.id, actor.role)
    return challenge_id


def resolve_v2(
    course: V2CertificationCourse, abort_reason: str, at: datetime, actor: Actor
) -> None:
    """Auto-jury v2 on an unfinished course: skip or neutralize what was left (unsaved)."""
    skipped, neutralized = resolve_unanswered(course, abort_reason)
    course._resolve_unanswered(abort_reason, skipped, neutralized, at, actor.id, actor.role)


def course_result(
    course: CertificationCourse, bank: ItemBank, scoring: V3ScoringConfiguration | None = None
) -> dict[str, Any]:
    """The course's result by the rules of its version, as recorded in ``Scored``."""
    if isinstance(course, V2CertificationCourse):
        return v2_result_record(course, bank)
    return result_record(score_course(course, bank, scoring=scoring))
