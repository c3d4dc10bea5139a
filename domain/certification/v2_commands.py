"""Commands particular to v2 courses: draw at entry, serve in order, resolve at finalisation.

Everything else (answers, time limit, alerts, the invigilator's end) is the course's own and
works the same for both versions; ``CourseCommands`` calls these where the versions differ.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import numpy as np

from domain.actors import Actor
from domain.certification.v2_course import V2CertificationCourse
from domain.certification.v2_delivery import draw_test, resolve_unanswered, start_fields
from domain.certification.v2_profile import V2ProfileQueries
from domain.scoring import V2Configuration


class V2CourseCommands(V2ProfileQueries):
    """The parts of the v2 test that differ from v3."""

    def _new_v2_course(
        self, common: dict[str, Any], profile_at: datetime, rng: np.random.Generator
    ) -> V2CertificationCourse:
        """A new, unsaved v2 course drawn from the profile as it stood at ``profile_at``.

        ``common`` holds the start fields every course records (``CourseCommands._new_course``).
        """
        # The cap of the day is recorded with the course, so a later rescoring keeps it.
        configuration = V2Configuration(max_reachable_level=self.framework.max_reachable_level)
        profile = self.get_v2_profile(common["user_id"], profile_at, common["locale"])
        test = draw_test(profile, rng, configuration)
        return V2CertificationCourse(
            **common,
            configuration=dataclasses.asdict(configuration),
            algorithm={"name": test.algorithm.name, "version": test.algorithm.version},
            **start_fields(profile, test),
        )

    def _serve_v2(self, course: V2CertificationCourse, at: datetime, actor: Actor) -> str | None:
        """Serve the next question of the list on ``course`` (the caller saves), or complete it."""
        challenge_id = course.next_question()
        if challenge_id is None:
            course._complete("no_question_left", at, actor.id, actor.role)
            return None
        course._serve_next(challenge_id, len(course.served) + 1, at, actor.id, actor.role)
        return challenge_id

    def _resolve_v2(
        self, course: V2CertificationCourse, abort_reason: str, at: datetime, actor: Actor
    ) -> None:
        """Auto-jury v2 on an unfinished course: skip or neutralize what was left (unsaved)."""
        skipped, neutralized = resolve_unanswered(course, abort_reason)
        course._resolve_unanswered(abort_reason, skipped, neutralized, at, actor.id, actor.role)
