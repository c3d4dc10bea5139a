"""The reviewers' decisions on a course, each an event with its actor, role, time and reason.

Scoring-affecting decisions (cancel, reject for fraud, neutralise, their reversals, a manual
result) are accepted only between finalisation and publication (§5.2); each is saved with the
``ResultRecorded`` its rescoring produced, in one transaction. Other decisions (resolving an
incident, correcting the identity, an internal comment) need a finalised session only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.actors import Actor
from domain.certification.course import CertificationCourse
from domain.certification.errors import IssueReportNotFoundError
from domain.certification.lookups import CertificationLookups
from domain.certification.session import CertificationSession
from domain.certification.v2_course import V2CertificationCourse
from jury.case import JuryCase
from jury.decisions import (
    AUTOMATIC_ROLES,
    DECIDERS,
    MANUAL_RESULT_ROLES,
    MAX_RESOLUTION,
    DecisionOutcome,
    corrected_identity,
    manual_result,
    required_reason,
)
from jury.deliberation import SessionDeliberation
from jury.errors import (
    ChallengeNotAskedError,
    DecisionAlreadyInEffectError,
    DecisionNotAllowedError,
    DecisionNotInEffectError,
    IssueReportAutomaticallyResolvedError,
    NeutralisationV2OnlyError,
    NoResultToDecideOnError,
    SessionAlreadyPublishedError,
    SessionNotFinalizedError,
)
from jury.policies import EMITTER_FRAUD, EMITTER_JURY, EMITTER_NEUTRALIZATION
from jury.rescoring import RESCORING_RULES, configuration_from, inputs_of, rescore

NOT_FINALISED = (
    "the session is not finalised: the jury decides between finalisation and publication"
)
ALREADY_PUBLISHED = "La session est déjà publiée."
TOGGLES = {
    "cancelled": ("cancelled", True, "_cancel", EMITTER_JURY),
    "uncancelled": ("cancelled", False, "_uncancel", EMITTER_JURY),
    "rejected_for_fraud": ("rejected_for_fraud", True, "_reject", EMITTER_FRAUD),
    "unrejected": ("rejected_for_fraud", False, "_unreject", EMITTER_JURY),
}
"""Decision -> (the case's flag, its value after, the case's event method, the emitter)."""


class JuryDecisions(CertificationLookups):
    """Decisions on one course; the jury's ledger mixes this into the certification ledger."""

    # -- lookups -------------------------------------------------------------------------

    def find_case(self, course_id: UUID) -> JuryCase | None:
        """The jury's case on a course, None before any decision."""
        return self._find(JuryCase.create_id(course_id), JuryCase)

    def find_deliberation(self, session_id: UUID) -> SessionDeliberation | None:
        """The jury's deliberation on a session, None before the auto-jury ran."""
        return self._find(SessionDeliberation.create_id(session_id), SessionDeliberation)

    def latest_result(
        self, course: CertificationCourse, case: JuryCase | None
    ) -> dict[str, Any] | None:
        """The course's result: its case's latest, else its latest ``Scored``, else None."""
        if case is not None and case.results:
            return case.results[-1]
        return course.results[-1] if course.results else None

    def _case_for(self, course: CertificationCourse, at: datetime, actor: Actor) -> JuryCase:
        return self.find_case(course.id) or JuryCase(
            course_id=course.id,
            session_id=course.session_id,
            opened_at=at,
            **actor.event_fields(),
        )

    def _finalised_session(self, course: CertificationCourse) -> CertificationSession:
        session = self.get_session(course.session_id)
        if session.finalized_at is None:
            raise SessionNotFinalizedError(NOT_FINALISED)
        return session

    def _unpublished(self, session_id: UUID) -> None:
        deliberation = self.find_deliberation(session_id)
        if deliberation is not None and deliberation.published_at is not None:
            raise SessionAlreadyPublishedError(ALREADY_PUBLISHED)

    @staticmethod
    def _allowed(actor: Actor, roles: frozenset[str], what: str) -> None:
        if actor.role not in roles | AUTOMATIC_ROLES:
            raise DecisionNotAllowedError(f"role {actor.role} may not {what}")

    # -- the rescoring decisions ---------------------------------------------------------

    def _rescoring_decision(
        self,
        course_id: UUID,
        decision: str,
        emitter: str,
        reason: str | None,
        at: datetime,
        actor: Actor,
        apply: Callable[[CertificationCourse, JuryCase, str], None],
    ) -> DecisionOutcome:
        self._allowed(actor, DECIDERS, decision)
        text = required_reason(reason)
        course = self.get_course(course_id)
        self._finalised_session(course)
        self._unpublished(course.session_id)
        case = self._case_for(course, at, actor)
        previous = self.latest_result(course, case)
        if previous is None:
            raise NoResultToDecideOnError("No assessment result found")
        apply(course, case, text)
        result = rescore(course, self.bank, inputs_of(case), configuration_from(previous))
        case._record_result(
            course_id=course.id,
            session_id=course.session_id,
            result=result,
            decision=decision,
            emitter=emitter,
            reason=text,
            rule_version=RESCORING_RULES,
            recorded_at=at,
            **actor.event_fields(),
        )
        self._save(case)  # the decision and its result, in one transaction
        return DecisionOutcome(course.id, decision, result)

    def cancel_certification(
        self, course_id: UUID, *, reason: str | None, at: datetime, actor: Actor
    ) -> DecisionOutcome:
        """Cancel the certification: rescored ``cancelled_by_jury``."""
        return self._toggle(course_id, "cancelled", reason, at, actor)

    def uncancel_certification(
        self, course_id: UUID, *, reason: str | None, at: datetime, actor: Actor
    ) -> DecisionOutcome:
        """Withdraw the cancellation: rescored normally."""
        return self._toggle(course_id, "uncancelled", reason, at, actor)

    def reject_for_fraud(
        self, course_id: UUID, *, reason: str | None, at: datetime, actor: Actor
    ) -> DecisionOutcome:
        """Reject the certification for fraud: rescored ``rejected`` with ``FRAUD``."""
        return self._toggle(course_id, "rejected_for_fraud", reason, at, actor)

    def unreject_for_fraud(
        self, course_id: UUID, *, reason: str | None, at: datetime, actor: Actor
    ) -> DecisionOutcome:
        """Withdraw the fraud rejection: rescored normally."""
        return self._toggle(course_id, "unrejected", reason, at, actor)

    def _toggle(
        self, course_id: UUID, decision: str, reason: str | None, at: datetime, actor: Actor
    ) -> DecisionOutcome:
        """A decision that sets or clears one of the case's flags (see ``TOGGLES``)."""
        flag, value, record, emitter = TOGGLES[decision]

        def apply(course: CertificationCourse, case: JuryCase, text: str) -> None:
            if getattr(case, flag) == value:
                state = "already" if value else "not"
                error = DecisionAlreadyInEffectError if value else DecisionNotInEffectError
                raise error(f"the certification is {state} {flag.replace('_', ' ')}")
            getattr(case, record)(
                course_id=course.id, reason=text, decided_at=at, **actor.event_fields()
            )

        return self._rescoring_decision(course_id, decision, emitter, reason, at, actor, apply)

    def neutralise_challenge(
        self, course_id: UUID, challenge_id: str, *, reason: str | None, at: datetime, actor: Actor
    ) -> DecisionOutcome:
        """Neutralise a v2 question that was asked: it no longer counts."""

        def apply(course: CertificationCourse, case: JuryCase, text: str) -> None:
            number = self._asked(
                course,
                challenge_id,
                "La question à neutraliser n'a pas été posée lors du test de certification",
            )
            if challenge_id in _neutralised(course, case):
                raise DecisionAlreadyInEffectError(
                    f"question {challenge_id} is already neutralised"
                )
            case._neutralise(
                course_id=course.id,
                reason=text,
                decided_at=at,
                challenge_id=challenge_id,
                question_number=number,
                **actor.event_fields(),
            )

        return self._rescoring_decision(
            course_id, "neutralised", EMITTER_NEUTRALIZATION, reason, at, actor, apply
        )

    def deneutralise_challenge(
        self, course_id: UUID, challenge_id: str, *, reason: str | None, at: datetime, actor: Actor
    ) -> DecisionOutcome:
        """Count a neutralised v2 question again."""

        def apply(course: CertificationCourse, case: JuryCase, text: str) -> None:
            number = self._asked(
                course,
                challenge_id,
                "La question à dé-neutraliser n'a pas été posée lors du test de certification",
            )
            if challenge_id not in _neutralised(course, case):
                raise DecisionNotInEffectError(f"question {challenge_id} is not neutralised")
            case._deneutralise(
                course_id=course.id,
                reason=text,
                decided_at=at,
                challenge_id=challenge_id,
                question_number=number,
                **actor.event_fields(),
            )

        return self._rescoring_decision(
            course_id, "deneutralised", EMITTER_NEUTRALIZATION, reason, at, actor, apply
        )

    @staticmethod
    def _asked(course: CertificationCourse, challenge_id: str, message: str) -> int:
        if not isinstance(course, V2CertificationCourse):
            raise NeutralisationV2OnlyError(
                "v3 questions are handled live by the invigilator, not neutralised afterwards"
            )
        if challenge_id not in course.served:
            raise ChallengeNotAskedError(message)
        return course.served.index(challenge_id) + 1

    def record_manual_result(
        self,
        course_id: UUID,
        fields: dict[str, Any],
        *,
        reason: str | None,
        at: datetime,
        actor: Actor,
    ) -> DecisionOutcome:
        """SUPER_ADMIN records a result by hand (emitter free text, ``Jury`` by default)."""
        self._allowed(actor, MANUAL_RESULT_ROLES, "record a manual result")
        checked = manual_result(fields)
        emitter = str(fields.get("emitter") or "Jury").strip()[:100]

        text = required_reason(reason)
        course = self.get_course(course_id)
        self._finalised_session(course)
        self._unpublished(course.session_id)
        case = self._case_for(course, at, actor)
        result = {**checked, "inputs": inputs_of(case).as_dict()}
        case._record_result(
            course_id=course.id,
            session_id=course.session_id,
            result=result,
            decision="manual_result",
            emitter=emitter,
            reason=text,
            rule_version="manual",
            recorded_at=at,
            **actor.event_fields(),
        )
        self._save(case)
        return DecisionOutcome(course.id, "manual_result", result)

    # -- decisions that do not rescore ---------------------------------------------------

    def resolve_issue_report(
        self,
        course_id: UUID,
        report_id: UUID,
        *,
        resolution: str | None,
        at: datetime,
        actor: Actor,
    ) -> DecisionOutcome:
        """A reviewer resolves an incident report; refused after an automatic resolution."""
        self._allowed(actor, DECIDERS, "resolve an incident report")
        text = required_reason(resolution, limit=MAX_RESOLUTION)
        course = self.get_course(course_id)
        session = self._finalised_session(course)
        report = session.issue_reports.get(report_id)
        if report is None or report["course_id"] != course.id:
            raise IssueReportNotFoundError(f"no incident report {report_id} on course {course_id}")
        case = self._case_for(course, at, actor)
        earlier = case.resolutions.get(report_id)
        if earlier is not None and earlier["automatic"]:
            raise IssueReportAutomaticallyResolvedError(
                "Le signalement ne peut pas être modifié manuellement"
            )
        case._resolve_report(
            course_id=course.id,
            reason=text,
            decided_at=at,
            report_id=report_id,
            automatic=False,
            effect=False,
            rule="manual",
            rule_version="manual",
            **actor.event_fields(),
        )
        self._save(case)
        return DecisionOutcome(course.id, "issue_report_resolved")

    def correct_candidate_identity(
        self,
        course_id: UUID,
        fields: dict[str, Any],
        *,
        reason: str | None,
        at: datetime,
        actor: Actor,
    ) -> DecisionOutcome:
        """§5.4: correct the identity on the course, sealed with the candidate's key.

        The verification code and the result are untouched; erasing the person erases these.
        """
        self._allowed(actor, DECIDERS, "correct a candidate's identity")
        text = required_reason(reason)
        corrected = corrected_identity(fields)
        course = self.get_course(course_id)
        self._finalised_session(course)
        vault = self._vault()
        sealed = {name: vault.seal(course.candidate_id, value) for name, value in corrected.items()}
        case = self._case_for(course, at, actor)
        case._correct_identity(
            course_id=course.id,
            reason=text,
            decided_at=at,
            candidate_id=course.candidate_id,
            sealed=sealed,
            **actor.event_fields(),
        )
        self._save(case)
        return DecisionOutcome(course.id, "identity_corrected")

    def comment_course(
        self, course_id: UUID, *, comment: str | None, at: datetime, actor: Actor
    ) -> DecisionOutcome:
        """An internal jury comment on the course; every version is kept."""
        self._allowed(actor, DECIDERS, "comment a certification")
        text = required_reason(comment)
        course = self.get_course(course_id)
        self._finalised_session(course)
        case = self._case_for(course, at, actor)
        case._comment(course_id=course.id, reason=text, decided_at=at, **actor.event_fields())
        self._save(case)
        return DecisionOutcome(course.id, "jury_comment")


def _neutralised(course: CertificationCourse, case: JuryCase) -> set[str]:
    """The questions that do not count now: finalisation's, alerts' and the jury's."""
    own = set(getattr(course, "neutralized", ())) | set(course.validated_alerts)
    return (own | set(case.neutralised)) - set(case.deneutralised)
