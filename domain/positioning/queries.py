"""PositioningQueries: profile, scorecards and certifiability read from events, at any instant.

These read the aggregates' histories (not the profile projection), so they answer for a past
instant exactly as the profile stood then: the certification context relies on this at
candidate reconciliation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.assessment import Assessment
from domain.bank import Challenge, Skill, Tutorial
from domain.bank.answers import CheckedAnswer, check_given_answer
from domain.errors import (
    AssessmentCompletedError,
    AssessmentNotFoundError,
    ChallengeNotCurrentError,
)
from domain.framework import Competence
from domain.ledger_base import LedgerBase
from domain.positioning.answer_format import answer_format_problem
from domain.positioning.certifiability import Certifiability
from domain.positioning.content import CompetenceContent, find_tutorial
from domain.positioning.errors import (
    AnswerAlreadyRecordedError,
    AnswerFormatError,
    CompetenceEvaluationNotFoundError,
    CompetenceNotFoundError,
    TutorialNotFoundError,
)
from domain.positioning.evaluation import CompetenceEvaluation
from domain.positioning.knowledge import INVALIDATED, KnowledgeElement, days_between
from domain.positioning.outcomes import SavedTutorial
from domain.positioning.profiles import certifiability_from
from domain.positioning.scorecards import (
    IMPROVING_DELAY_DAYS,
    Scorecard,
    build_scorecard,
)
from domain.positioning.smart_random import Situation
from domain.positioning.tutorials import SavedTutorials

KIND: Final = "COMPETENCE_EVALUATION"
G = TypeVar("G", bound=Aggregate)


def kept_for_improving(
    current: dict[str, KnowledgeElement], assessment_started_at: datetime
) -> dict[str, KnowledgeElement]:
    """What an improving assessment keeps (spec B.6).

    Every validated element, and invalidated ones younger than 4 days at the assessment's
    start; older failures become untested again and can be asked anew.
    """
    return {
        skill: ke
        for skill, ke in current.items()
        if ke.status != INVALIDATED
        or days_between(assessment_started_at, ke.created_at) < IMPROVING_DELAY_DAYS
    }


class PositioningQueries(LedgerBase):
    """Queries of the positioning context, and the lookups its commands share."""

    def get_competence_evaluation(
        self, learner_id: UUID, competence_code: str
    ) -> CompetenceEvaluation:
        """The learner's evaluation of the competence; ``CompetenceEvaluationNotFoundError``."""
        self._competence(competence_code)
        found = self._find_evaluation(learner_id, competence_code)
        if found is None:
            raise CompetenceEvaluationNotFoundError(
                f"learner {learner_id} never started competence {competence_code}"
            )
        return found

    def get_scorecards_at(self, learner_id: UUID, at: datetime) -> list[Scorecard]:
        """Every competence's scorecard as it stood at ``at``, in framework order."""
        cards = []
        for competence in self.framework.competences:
            evaluation = self._find_evaluation(learner_id, competence.code)
            cards.append(
                build_scorecard(
                    competence_code=competence.code,
                    evaluation_status=evaluation.status_at(at) if evaluation else None,
                    elements=evaluation.current(at).values() if evaluation else (),
                    now=at,
                    max_reachable_level=self.framework.max_reachable_level,
                )
            )
        return cards

    def get_certifiability(self, learner_id: UUID, at: datetime) -> Certifiability:
        """Whether the learner's profile at ``at`` is certifiable, with every competence's level.

        Computed from the recorded events as of ``at`` (not from the projection), so a past
        instant gives the profile as it was then.
        """
        return certifiability_from(self._find, self.framework, learner_id, at)

    def list_saved_tutorials(self, learner_id: UUID) -> list[SavedTutorial]:
        """The learner's saved tutorials in the order saved (empty if none)."""
        saved = self._find(SavedTutorials.create_id(learner_id), SavedTutorials)
        if saved is None:
            return []
        return [
            SavedTutorial(self._tutorial(tid)[0], skill_id, at)
            for tid, (skill_id, at) in saved.saved.items()
        ]

    # -- lookups shared with the commands ---------------------------------------------------

    def _competence(self, code: str) -> Competence:
        try:
            return self.framework.competence(code)
        except KeyError:
            raise CompetenceNotFoundError(
                f"no competence {code!r} in framework {self.framework.key}"
            ) from None

    def _content(self, code: str) -> CompetenceContent:
        # Built once per competence and ledger: the bank never changes under a ledger.
        cache: dict[str, CompetenceContent] = self.__dict__.setdefault("_positioning_content", {})
        if code not in cache:
            cache[code] = CompetenceContent.of(self.bank, code)
        return cache[code]

    def _tutorial(self, tutorial_id: str) -> tuple[Tutorial, Skill]:
        found = find_tutorial(self.bank, tutorial_id)
        if found is None:
            raise TutorialNotFoundError(f"no tutorial {tutorial_id!r} in bank {self.bank.key}")
        return found

    def _find_evaluation(self, learner_id: UUID, code: str) -> CompetenceEvaluation | None:
        return self._find(CompetenceEvaluation.create_id(learner_id, code), CompetenceEvaluation)

    def _evaluation_assessment(
        self, assessment_id: UUID, learner_id: UUID | None = None
    ) -> Assessment:
        assessment = self._find(assessment_id, Assessment)
        # Another learner's assessment is reported as missing: its existence is not shared.
        if (
            assessment is None
            or assessment.kind != KIND
            or (learner_id is not None and assessment.subject_id != learner_id)
        ):
            raise AssessmentNotFoundError(f"no competence evaluation assessment {assessment_id}")
        return assessment

    def _check_answer(
        self, assessment: Assessment, challenge_id: str, value: str, answered_at: datetime
    ) -> tuple[Challenge, CheckedAnswer]:
        """The current challenge and the checked answer; refusals before anything is recorded.

        Shared by competence evaluations and campaigns: a completed assessment, a challenge
        already answered or not the current one, and an answer of the wrong shape are refused.
        """
        if assessment.is_completed:
            raise AssessmentCompletedError(f"assessment {assessment.id} is completed")
        if any(cid == challenge_id for cid, _ in assessment.answers):
            raise AnswerAlreadyRecordedError(f"challenge {challenge_id} was already answered")
        if challenge_id != assessment.current_challenge_id:
            raise ChallengeNotCurrentError(
                f"challenge {challenge_id} is not the current one "
                f"({assessment.current_challenge_id or 'none is being served'})"
            )
        challenge = self._challenge(challenge_id)
        problem = answer_format_problem(challenge, value)
        if problem:
            raise AnswerFormatError(f"answer to {challenge_id} ({challenge.type}): {problem}")
        served_at = assessment.current_served_at
        assert served_at is not None  # a current challenge always has its serving time
        checked = check_given_answer(challenge, value, served_at=served_at, answered_at=answered_at)
        return challenge, checked

    def _situation(self, evaluation: CompetenceEvaluation, assessment: Assessment) -> Situation:
        content = self._content(assessment.scope)
        targets = content.target_ids
        known = {s: ke for s, ke in evaluation.current().items() if s in targets}
        if evaluation.improving:
            known = kept_for_improving(known, assessment.started_at)
        answers = assessment.answers
        return Situation(
            targets=content.targets,
            challenges=content.challenges,
            known=known,
            answered=frozenset(cid for cid, _ in answers),
            last_answer_timed=self._challenge(answers[-1][0]).is_timed if answers else None,
            pool=content.pool,
        )
