"""The auto-jury at finalisation: v2 incident auto-resolution, then each course's outcome rule.

Runs once per finalisation (``SessionDeliberation.auto_jury_done``), right after the centre's
finalisation is saved; running it again does nothing, so an interrupted run is simply rerun
(``certledger jury auto-jury SESSION``). Everything it decides is recorded with the emitter
``PIX-ALGO-AUTO-JURY`` and ``POLICY_VERSION``; the rules themselves are pure (``policies``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.actors import Actor
from domain.certification.course import CertificationCourse
from domain.certification.session import CertificationSession
from domain.certification.v2_course import V2CertificationCourse
from jury.case import JuryCase
from jury.commands import NOT_FINALISED, JuryDecisions, _neutralised
from jury.deliberation import SessionDeliberation
from jury.errors import SessionNotFinalizedError
from jury.policies import (
    EMITTER_AUTO_JURY,
    POLICY_VERSION,
    UNRESOLVED,
    AnsweredQuestion,
    Outcome,
    Resolution,
    resolve_issue_report,
    v2_outcome,
    v3_outcome,
)
from jury.rescoring import configuration_from, inputs_of, rescore

AUTO_JURY = Actor.system("auto-jury")


class AutoJuryCommands(JuryDecisions):
    """The auto-jury's run over a finalised session."""

    def deliberation_for(
        self, session: CertificationSession, at: datetime, actor: Actor
    ) -> SessionDeliberation:
        """The session's deliberation, opened now if it does not exist yet."""
        return self.find_deliberation(session.id) or SessionDeliberation(
            session_id=session.id, opened_at=at, **actor.event_fields()
        )

    def run_auto_jury(
        self, session_id: UUID, *, at: datetime, actor: Actor = AUTO_JURY
    ) -> list[dict[str, Any]]:
        """Review every course of a finalised session; returns each course's review."""
        session = self.get_session(session_id)
        if session.finalized_at is None:
            raise SessionNotFinalizedError(NOT_FINALISED)
        deliberation = self.deliberation_for(session, at, actor)
        if deliberation.auto_jury_done:
            return []
        courses = [self.get_course(c) for c in session.candidates.course_ids()]
        cases, reviews = [], []
        for course in courses:
            case = self._case_for(course, at, actor)
            reviews.append(self._review(session, course, case, at, actor))
            cases.append(case)
        deliberation._complete_auto_jury(
            session_id=session.id,
            course_ids=tuple(c.id for c in courses),
            rule_version=POLICY_VERSION,
            completed_at=at,
            **actor.event_fields(),
        )
        self._save(deliberation, *cases)
        return reviews

    def _review(
        self,
        session: CertificationSession,
        course: CertificationCourse,
        case: JuryCase,
        at: datetime,
        actor: Actor,
    ) -> dict[str, Any]:
        messages: list[str] = []
        if isinstance(course, V2CertificationCourse):
            messages = self._auto_resolve(session, course, case, at, actor)
        previous = self.latest_result(course, case)
        if messages and previous is not None:
            result = rescore(course, self.bank, inputs_of(case), configuration_from(previous))
            case._record_result(
                course_id=course.id,
                session_id=course.session_id,
                result=result,
                decision="auto_jury",
                emitter=EMITTER_AUTO_JURY,
                reason=" / ".join(messages),
                rule_version=POLICY_VERSION,
                recorded_at=at,
                **actor.event_fields(),
            )
        latest = self.latest_result(course, case) or {}
        outcome = _outcome(course, case, latest)
        case._review(
            course_id=course.id,
            session_id=course.session_id,
            rule=outcome.rule,
            outcome=str(outcome.status),
            comment_key=outcome.comment_key,
            effect=bool(messages),
            emitter=EMITTER_AUTO_JURY,
            rule_version=POLICY_VERSION,
            reviewed_at=at,
            **actor.event_fields(),
        )
        return {"course_id": course.id, "rule": outcome.rule, "status": outcome.status}

    def _auto_resolve(
        self,
        session: CertificationSession,
        course: V2CertificationCourse,
        case: JuryCase,
        at: datetime,
        actor: Actor,
    ) -> list[str]:
        """§3.4 on each of the course's reports, in order; the messages of those with effect."""
        answers = tuple(self._answered(cid, status) for cid, _, status in course.answers)
        with_effect = []
        for report_id, report in session.issue_reports.items():
            if report["course_id"] != course.id or report_id in case.resolutions:
                continue
            try:
                resolution = resolve_issue_report(
                    report["category"], report["subcategory"], report["question_number"], answers
                )
            except Exception:  # §3.4: a failing attempt counts as UNRESOLVED
                resolution = Resolution(UNRESOLVED, None, "failed")
            if resolution.message is None:
                continue
            effect = self._apply_effect(course, case, resolution, at, actor)
            case._resolve_report(
                course_id=course.id,
                reason=resolution.message,
                decided_at=at,
                report_id=report_id,
                automatic=True,
                effect=effect,
                rule=resolution.rule,
                rule_version=POLICY_VERSION,
                **actor.event_fields(),
            )
            if effect:
                with_effect.append(resolution.message)
        return with_effect

    def _apply_effect(
        self,
        course: V2CertificationCourse,
        case: JuryCase,
        resolution: Resolution,
        at: datetime,
        actor: Actor,
    ) -> bool:
        challenge_id = resolution.challenge_id
        if resolution.effect is None or challenge_id is None:
            return False
        number = [a[0] for a in course.answers].index(challenge_id) + 1
        fields: dict[str, Any] = {
            "course_id": course.id,
            "reason": str(resolution.message),
            "decided_at": at,
            "challenge_id": challenge_id,
            "question_number": number,
            **actor.event_fields(),
        }
        if resolution.effect == "neutralise":
            if challenge_id in _neutralised(course, case):
                return False
            case._neutralise(**fields)
        else:
            status = next(a[2] for a in course.answers if a[0] == challenge_id)
            case._accept_answer(previous_status=status, **fields)
        return True

    def _answered(self, challenge_id: str, status: str) -> AnsweredQuestion:
        challenge = self.bank.challenge(challenge_id)
        return AnsweredQuestion(
            challenge_id=challenge_id,
            status=status,
            has_image=challenge.has_image,
            has_embed=challenge.has_embed,
            has_attachment=challenge.has_attachment,
            timed=challenge.timer is not None,
            focused=challenge.focused,
        )


def _outcome(course: CertificationCourse, case: JuryCase, latest: dict[str, Any]) -> Outcome:
    """Which §6.1 outcome rule gives the course its current status."""
    if isinstance(course, V2CertificationCourse):
        return v2_outcome(
            cancelled=case.cancelled,
            rejected_for_fraud=case.rejected_for_fraud,
            challenges=len(course.questions),
            neutralised=len(latest.get("neutralized") or ()),
            abort_reason=course.abort_reason,
            reproducibility_rate=latest.get("reproducibility_rate"),
            pix_score=latest.get("pix_score"),
        )
    minimum = (latest.get("scoring_configuration") or {}).get("minimum_answers", 20)
    return v3_outcome(
        cancelled=case.cancelled,
        rejected_for_fraud=case.rejected_for_fraud,
        answers=len(course.answers),
        abort_reason=course.abort_reason,
        pix_score=latest.get("pix_score"),
        score_status=latest.get("status"),
        minimum_answers=int(minimum),
    )
