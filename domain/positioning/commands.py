"""PositioningCommands: competence evaluations driven by smart random, resets, retries, tutorials.

Each command validates first and raises before triggering any event, so a refusal records
nothing; the assessment and the competence evaluation it feeds are saved in one atomic write.
Time and the random generator come in as arguments.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import numpy as np

from domain.actors import Actor
from domain.assessment import Assessment
from domain.bank import Challenge
from domain.errors import (
    AssessmentNotFoundError,
)
from domain.ledger_base import retried_after_lost_race
from domain.positioning.errors import (
    AnswerAlreadyRecordedError,
    NothingToResetError,
    ResetTooEarlyError,
    RetryNotAllowedError,
    RetryTooEarlyError,
    TutorialNotFoundError,
)
from domain.positioning.evaluation import CompetenceEvaluation
from domain.positioning.knowledge import (
    KnowledgeElement,
    days_between,
    infer_knowledge_elements,
)
from domain.positioning.outcomes import (
    TO_LEARN_MORE,
    TO_SUCCEED,
    AnswerOutcome,
    EvaluationStart,
    NextChallenge,
)
from domain.positioning.queries import KIND, PositioningQueries
from domain.positioning.scorecards import (
    COMPLETED,
    IMPROVING_DELAY_DAYS,
    RESET_DELAY_DAYS,
    CompetenceScore,
    competence_score,
    remaining_days,
    sum_earned_pix,
)
from domain.positioning.smart_random import choose_next
from domain.positioning.tutorials import SavedTutorials


class PositioningCommands(PositioningQueries):
    """Commands of the positioning context (a ``CertificationLedger`` mixin)."""

    def start_competence_evaluation(
        self, learner_id: UUID, competence_code: str, *, started_at: datetime, actor: Actor
    ) -> EvaluationStart:
        """Start an evaluation of the competence, or return the one already there.

        A running or completed evaluation is returned as is (retry or reset to go again).
        """
        self._competence(competence_code)
        evaluation = self._find_evaluation(learner_id, competence_code)
        if evaluation is not None and evaluation.assessment_id is not None:
            return EvaluationStart(
                evaluation.assessment_id, competence_code, True, evaluation.improving
            )
        if evaluation is None:
            evaluation = CompetenceEvaluation(
                learner_id=learner_id,
                competence_code=competence_code,
                framework_key=self.framework.key,
                opened_at=started_at,
                **actor.event_fields(),
            )
        return self._begin(evaluation, improving=False, started_at=started_at, actor=actor)

    def retry_competence(
        self, learner_id: UUID, competence_code: str, *, retried_at: datetime, actor: Actor
    ) -> EvaluationStart:
        """Start an improving assessment ("Retenter") of a completed competence.

        Refused below 4 days after the last element, at the highest reachable level, or when
        the competence is not completed; a retry already running is resumed.
        """
        evaluation = self.get_competence_evaluation(learner_id, competence_code)
        if evaluation.is_running and evaluation.improving and evaluation.assessment_id:
            return EvaluationStart(evaluation.assessment_id, competence_code, True, True)
        if evaluation.status != COMPLETED:
            raise RetryNotAllowedError(
                f"competence {competence_code} is not completed ({evaluation.status})"
            )
        current = evaluation.current()
        score = competence_score(
            sum_earned_pix(current.values()), self.framework.max_reachable_level
        )
        if score.level >= self.framework.max_reachable_level:
            raise RetryNotAllowedError(
                f"competence {competence_code} is at the highest reachable level {score.level}"
            )
        last = max((ke.created_at for ke in current.values()), default=None)
        if last is not None:
            left = remaining_days(IMPROVING_DELAY_DAYS, days_between(retried_at, last))
            if left:
                available = last + timedelta(days=IMPROVING_DELAY_DAYS)
                raise RetryTooEarlyError("retry", available, left)
        return self._begin(evaluation, improving=True, started_at=retried_at, actor=actor)

    def next_challenge(
        self,
        assessment_id: UUID,
        *,
        served_at: datetime,
        actor: Actor,
        rng: np.random.Generator,
        learner_id: UUID | None = None,
    ) -> NextChallenge:
        """The challenge awaiting an answer, else a new one chosen by smart random.

        When no skill is left the assessment and the evaluation are completed (one write) and
        no challenge is returned. ``learner_id``, when given, must be the assessment's learner.
        """
        assessment = self._evaluation_assessment(assessment_id, learner_id)
        code = assessment.scope
        if assessment.is_completed:
            return NextChallenge(assessment.id, code, None, None)
        if assessment.current_challenge_id is not None:
            return NextChallenge(
                assessment.id, code, self._challenge(assessment.current_challenge_id), None
            )
        evaluation = self._evaluation_of(assessment)
        pick = choose_next(self._situation(evaluation, assessment), rng)
        if pick is None:
            assessment._complete(served_at, actor.id, actor.role)
            evaluation._complete(assessment.id, served_at, actor.id, actor.role)
            self._save(assessment, evaluation)
            return NextChallenge(assessment.id, code, None, None)
        assessment._serve(pick.challenge_id, pick.record(), served_at, actor.id, actor.role)
        self._save(assessment)
        return NextChallenge(
            assessment.id, code, self._challenge(pick.challenge_id), pick.predicted_level
        )

    @retried_after_lost_race
    def answer_challenge(
        self,
        assessment_id: UUID,
        challenge_id: str,
        value: str,
        *,
        answered_at: datetime,
        actor: Actor,
        learner_id: UUID | None = None,
    ) -> AnswerOutcome:
        """Check and record the answer to the current challenge with its knowledge elements.

        ``learner_id``, when given, must be the assessment's learner. Sending the same answer
        again (after a lost response) returns the first outcome and records nothing; another
        value for an answered challenge is refused.
        """
        assessment = self._evaluation_assessment(assessment_id, learner_id)
        recorded = assessment.answer_values.get(challenge_id)
        if recorded is not None:
            if recorded[0] != value:
                raise AnswerAlreadyRecordedError(f"challenge {challenge_id} was already answered")
            return self._recorded_outcome(assessment, challenge_id, recorded[1])
        challenge, checked = self._check_answer(assessment, challenge_id, value, answered_at)
        status = checked.status
        evaluation = self._evaluation_of(assessment)
        content = self._content(assessment.scope)
        max_level = self.framework.max_reachable_level
        before = competence_score(sum_earned_pix(evaluation.current().values()), max_level)
        elements = infer_knowledge_elements(
            answered_skill_id=challenge.skill_id,
            ok=status == "ok",
            targets=content.targets,
            assessed_skill_ids=evaluation.assessed_skill_ids,
            created_at=answered_at,
            assessment_id=assessment.id,
            challenge_id=challenge_id,
        )
        assessment._record_answer(
            challenge_id, value, status, answered_at, checked.seconds, actor.id, actor.role
        )
        if elements:
            evaluation._record(
                assessment.id,
                challenge_id,
                status,
                tuple(ke.to_record() for ke in elements),
                answered_at,
                actor.id,
                actor.role,
            )
        self._save(assessment, evaluation)
        after = competence_score(sum_earned_pix(evaluation.current().values()), max_level)
        return self._outcome(assessment, challenge, status, tuple(elements), before, after)

    def _recorded_outcome(
        self, assessment: Assessment, challenge_id: str, answered_at: datetime
    ) -> AnswerOutcome:
        """The outcome an answer got when it was recorded, rebuilt from the records."""
        evaluation = self._evaluation_of(assessment)
        max_level = self.framework.max_reachable_level
        elements = tuple(
            k
            for k in evaluation.history
            if k.assessment_id == assessment.id and k.challenge_id == challenge_id
        )
        just_before = answered_at - timedelta(microseconds=1)
        before = evaluation.current(at=just_before).values()
        after = evaluation.current(at=answered_at).values()
        return self._outcome(
            assessment,
            self._challenge(challenge_id),
            dict(assessment.answers)[challenge_id],
            elements,
            competence_score(sum_earned_pix(before), max_level),
            competence_score(sum_earned_pix(after), max_level),
        )

    def _outcome(
        self,
        assessment: Assessment,
        challenge: Challenge,
        status: str,
        elements: tuple[KnowledgeElement, ...],
        before: CompetenceScore,
        after: CompetenceScore,
    ) -> AnswerOutcome:
        kind = TO_LEARN_MORE if status == "ok" else TO_SUCCEED
        skill = self._content(assessment.scope).skills.get(challenge.skill_id)
        return AnswerOutcome(
            assessment_id=assessment.id,
            competence_code=assessment.scope,
            challenge_id=challenge.id,
            status=status,
            elements=elements,
            level_before=before.level,
            level_after=after.level,
            pix_before=before.pix,
            pix_after=after.pix,
            tutorials_kind=kind,
            tutorials=tuple(t for t in (skill.tutorials if skill else ()) if t.kind == kind),
        )

    def reset_competence(
        self, learner_id: UUID, competence_code: str, *, reset_at: datetime, actor: Actor
    ) -> None:
        """Reset every current element of the competence ("Remettre à zéro").

        Refused without elements, and within 7 days of the last one (the error gives the date).
        A running assessment ends with the reset, so no later answer can feed the old state.
        """
        self._competence(competence_code)
        evaluation = self._find_evaluation(learner_id, competence_code)
        current = evaluation.current() if evaluation else {}
        if evaluation is None or not current:
            raise NothingToResetError(f"nothing to reset on competence {competence_code}")
        last = max(ke.created_at for ke in current.values())
        left = remaining_days(RESET_DELAY_DAYS, days_between(reset_at, last))
        if left:
            raise ResetTooEarlyError("reset", last + timedelta(days=RESET_DELAY_DAYS), left)
        changed: list[object] = [evaluation]
        if evaluation.is_running and evaluation.assessment_id is not None:
            assessment = self._evaluation_assessment(evaluation.assessment_id)
            if not assessment.is_completed:
                assessment._complete(reset_at, actor.id, actor.role)
                changed.append(assessment)
        evaluation._reset(tuple(sorted(current)), reset_at, actor.id, actor.role)
        self._save(*changed)

    def save_tutorial(
        self, learner_id: UUID, tutorial_id: str, *, saved_at: datetime, actor: Actor
    ) -> None:
        """Add a tutorial of the bank to the learner's list (saving it again changes nothing)."""
        found = self._tutorial(tutorial_id)
        saved = self._find(SavedTutorials.create_id(learner_id), SavedTutorials)
        if saved is None:
            saved = SavedTutorials(
                learner_id=learner_id, opened_at=saved_at, **actor.event_fields()
            )
        elif tutorial_id in saved.saved:
            return
        saved._save_tutorial(tutorial_id, found[1].id, saved_at, actor.id, actor.role)
        self._save(saved)

    def remove_tutorial(
        self, learner_id: UUID, tutorial_id: str, *, removed_at: datetime, actor: Actor
    ) -> None:
        """Take a tutorial out of the learner's list."""
        saved = self._find(SavedTutorials.create_id(learner_id), SavedTutorials)
        if saved is None or tutorial_id not in saved.saved:
            raise TutorialNotFoundError(f"tutorial {tutorial_id} is not in the learner's list")
        saved._remove_tutorial(tutorial_id, removed_at, actor.id, actor.role)
        self._save(saved)

    # -- helpers ------------------------------------------------------------------------------

    def _begin(
        self,
        evaluation: CompetenceEvaluation,
        *,
        improving: bool,
        started_at: datetime,
        actor: Actor,
    ) -> EvaluationStart:
        assessment: Assessment = Assessment(
            kind=KIND,
            subject_id=evaluation.learner_id,
            scope=evaluation.competence_code,
            framework_key=self.framework.key,
            bank_key=self.bank.key,
            started_at=started_at,
            **actor.event_fields(),
        )
        evaluation._start(assessment.id, improving, started_at, actor.id, actor.role)
        self._save(assessment, evaluation)
        return EvaluationStart(assessment.id, evaluation.competence_code, False, improving)

    def _evaluation_of(self, assessment: Assessment) -> CompetenceEvaluation:
        evaluation = self.get_competence_evaluation(assessment.subject_id, assessment.scope)
        if evaluation.assessment_id != assessment.id:
            # Only a reset unlinks an assessment, and it completes it too; kept as a guard.
            raise AssessmentNotFoundError(f"assessment {assessment.id} is no longer running")
        return evaluation
