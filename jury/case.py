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

    # -- decisions (issue 10): each carries the course, the reason, the time and the actor --

    class Decided(Aggregate.Event):
        """Base of the reviewers' decisions: what every decision records."""

        course_id: UUID
        reason: str
        decided_at: datetime
        actor_id: str
        actor_role: str

    class CertificationCancelled(Decided):
        """The jury cancelled the certification (rescored: ``cancelled_by_jury``)."""

    class CertificationUncancelled(Decided):
        """The jury withdrew its cancellation (rescored normally)."""

    class RejectedForFraud(Decided):
        """The jury rejected the certification for fraud (rescored: ``rejected``, FRAUD)."""

    class FraudRejectionWithdrawn(Decided):
        """The jury withdrew the fraud rejection (rescored normally)."""

    class ChallengeNeutralised(Decided):
        """A v2 question no longer counts (rescored); ``question_number`` counts from 1."""

        challenge_id: str
        question_number: int

    class ChallengeDeneutralised(Decided):
        """A neutralised v2 question counts again (rescored)."""

        challenge_id: str
        question_number: int

    class AnswerAccepted(Decided):
        """A ``focusedOut`` answer is counted ``ok`` (auto-jury's focus rule, §3.4)."""

        challenge_id: str
        question_number: int
        previous_status: str

    class IssueReportResolved(Decided):
        """An incident report was resolved; ``reason`` is the resolution text.

        ``automatic`` when the auto-jury resolved it (with ``rule``, ``rule_version`` and
        whether it had an ``effect`` on scoring); a reviewer's resolution has no effect by itself.
        """

        report_id: UUID
        automatic: bool
        effect: bool
        rule: str
        rule_version: str

    class CandidateIdentityCorrected(Decided):
        """The candidate's identity on this course was corrected (§5.4), sealed per person.

        ``sealed`` holds the corrected fields encrypted with the candidate's key, like their
        enrolment; erasing the person erases these too. The verification code is untouched.
        """

        candidate_id: UUID
        sealed: dict[str, str]

    class JuryCommentRecorded(Decided):
        """An internal jury comment (``reason`` is the comment); every version is kept."""

    class AutoJuryReviewed(Aggregate.Event):
        """The auto-jury looked at the course at finalisation and named the rule that applied."""

        course_id: UUID
        session_id: UUID
        rule: str
        outcome: str
        comment_key: str | None
        effect: bool
        emitter: str
        rule_version: str
        reviewed_at: datetime
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
        self.cancelled = False
        self.rejected_for_fraud = False
        self.neutralised: list[str] = []
        self.deneutralised: list[str] = []
        self.accepted: list[str] = []
        self.resolutions: dict[UUID, dict[str, Any]] = {}
        self.identity: dict[str, str] = {}
        self.comments: list[dict[str, Any]] = []
        self.decisions: list[dict[str, Any]] = []
        self.auto_jury: dict[str, Any] | None = None

    def _note(
        self, kind: str, reason: str, at: datetime, actor_id: str, role: str, **more: Any
    ) -> None:
        self.decisions.append(
            {
                "decision": kind,
                "reason": reason,
                "at": at,
                "actor_id": actor_id,
                "actor_role": role,
                **more,
            }
        )

    @event(CertificationCancelled)
    def _cancel(
        self, *, course_id: UUID, reason: str, decided_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.cancelled = True
        self._note("cancelled", reason, decided_at, actor_id, actor_role)

    @event(CertificationUncancelled)
    def _uncancel(
        self, *, course_id: UUID, reason: str, decided_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.cancelled = False
        self._note("uncancelled", reason, decided_at, actor_id, actor_role)

    @event(RejectedForFraud)
    def _reject(
        self, *, course_id: UUID, reason: str, decided_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.rejected_for_fraud = True
        self._note("rejected_for_fraud", reason, decided_at, actor_id, actor_role)

    @event(FraudRejectionWithdrawn)
    def _unreject(
        self, *, course_id: UUID, reason: str, decided_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.rejected_for_fraud = False
        self._note("unrejected", reason, decided_at, actor_id, actor_role)

    @event(ChallengeNeutralised)
    def _neutralise(
        self,
        *,
        course_id: UUID,
        reason: str,
        decided_at: datetime,
        actor_id: str,
        actor_role: str,
        challenge_id: str,
        question_number: int,
    ) -> None:
        self.neutralised.append(challenge_id)
        if challenge_id in self.deneutralised:
            self.deneutralised.remove(challenge_id)
        self._note(
            "neutralised", reason, decided_at, actor_id, actor_role, challenge_id=challenge_id
        )

    @event(ChallengeDeneutralised)
    def _deneutralise(
        self,
        *,
        course_id: UUID,
        reason: str,
        decided_at: datetime,
        actor_id: str,
        actor_role: str,
        challenge_id: str,
        question_number: int,
    ) -> None:
        if challenge_id in self.neutralised:
            self.neutralised.remove(challenge_id)
        else:
            self.deneutralised.append(challenge_id)
        self._note(
            "deneutralised", reason, decided_at, actor_id, actor_role, challenge_id=challenge_id
        )

    @event(AnswerAccepted)
    def _accept_answer(
        self,
        *,
        course_id: UUID,
        reason: str,
        decided_at: datetime,
        actor_id: str,
        actor_role: str,
        challenge_id: str,
        question_number: int,
        previous_status: str,
    ) -> None:
        self.accepted.append(challenge_id)
        self._note(
            "answer_accepted", reason, decided_at, actor_id, actor_role, challenge_id=challenge_id
        )

    @event(IssueReportResolved)
    def _resolve_report(
        self,
        *,
        course_id: UUID,
        reason: str,
        decided_at: datetime,
        actor_id: str,
        actor_role: str,
        report_id: UUID,
        automatic: bool,
        effect: bool,
        rule: str,
        rule_version: str,
    ) -> None:
        self.resolutions[report_id] = {
            "resolution": reason,
            "automatic": automatic,
            "effect": effect,
            "rule": rule,
            "resolved_at": decided_at,
            "actor_id": actor_id,
        }
        self._note(
            "issue_report_resolved", reason, decided_at, actor_id, actor_role, report_id=report_id
        )

    @event(CandidateIdentityCorrected)
    def _correct_identity(
        self,
        *,
        course_id: UUID,
        reason: str,
        decided_at: datetime,
        actor_id: str,
        actor_role: str,
        candidate_id: UUID,
        sealed: dict[str, str],
    ) -> None:
        self.identity.update(sealed)
        self._note(
            "identity_corrected", reason, decided_at, actor_id, actor_role, fields=sorted(sealed)
        )

    @event(JuryCommentRecorded)
    def _comment(
        self, *, course_id: UUID, reason: str, decided_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.comments.append({"comment": reason, "at": decided_at, "actor_id": actor_id})
        self._note("jury_comment", reason, decided_at, actor_id, actor_role)

    @event(AutoJuryReviewed)
    def _review(
        self,
        *,
        course_id: UUID,
        session_id: UUID,
        rule: str,
        outcome: str,
        comment_key: str | None,
        effect: bool,
        emitter: str,
        rule_version: str,
        reviewed_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.auto_jury = {
            "rule": rule,
            "outcome": outcome,
            "comment_key": comment_key,
            "effect": effect,
            "rule_version": rule_version,
            "reviewed_at": reviewed_at,
        }

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
            dict(
                result,
                decision=decision,
                emitter=emitter,
                reason=reason,
                actor_id=actor_id,
                actor_role=actor_role,
                rule_version=rule_version,
                recorded_at=recorded_at,
            )
        )
