"""CampaignAssessmentCommands: the adaptive test of an assessment campaign.

Smart random (spec C) restricted to the campaign skills; each answer's knowledge elements go to
the learner's ``CompetenceEvaluation`` of the challenge's competence, so the profile and the
campaign share them (ADR 1201). A competence reset while a participation runs hands it over to
a new assessment (spec B.5).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import numpy as np

from domain.actors import Actor
from domain.assessment import Assessment
from domain.campaigns.campaign import STARTED, CampaignParticipant
from domain.campaigns.content import CampaignContent
from domain.campaigns.errors import ParticipationNotRunningError
from domain.campaigns.lookups import CampaignLookups
from domain.campaigns.outcomes import CampaignAnswer, CampaignNextChallenge
from domain.errors import AssessmentNotFoundError, ChallengeNotCurrentError
from domain.positioning.evaluation import CompetenceEvaluation
from domain.positioning.knowledge import KnowledgeElement, infer_knowledge_elements
from domain.positioning.outcomes import TO_LEARN_MORE, TO_SUCCEED
from domain.positioning.queries import PositioningQueries, kept_for_improving
from domain.positioning.scorecards import EVALUATION_RESET
from domain.positioning.smart_random import Situation, choose_next

CAMPAIGN_KIND = "CAMPAIGN"


class CampaignAssessmentCommands(CampaignLookups, PositioningQueries):
    """Next challenge and answers of a campaign participation (a ledger mixin)."""

    def campaign_next_challenge(
        self,
        campaign_id: UUID,
        user_id: UUID,
        *,
        served_at: datetime,
        actor: Actor,
        rng: np.random.Generator,
    ) -> CampaignNextChallenge:
        """The challenge awaiting an answer, else one chosen by smart random.

        The choice is among the campaign skills; when none is left the participation becomes
        to share.
        """
        participant, assessment = self._running_participation(campaign_id, user_id, allow_done=True)
        last = participant.last
        assert last is not None
        if assessment.is_completed or last.status != STARTED:
            return CampaignNextChallenge(campaign_id, last.id, None, None)
        content = self._campaign_content(campaign_id)
        evaluations = [self._find_evaluation(user_id, c) for c in content.competences]
        changed: list[object] = []
        if any(_reset_since(e, assessment.started_at) for e in evaluations):
            # Spec B.5: a reset ends the running campaign assessment; a new one takes over.
            assessment._complete(served_at, actor.id, actor.role)
            changed.append(assessment)
            assessment = self._new_campaign_assessment(user_id, served_at, actor)
            participant._replace_assessment(last.id, assessment.id, served_at, actor.id, actor.role)
            changed.append(participant)
        elif assessment.current_challenge_id is not None:
            challenge = self._challenge(assessment.current_challenge_id)
            return CampaignNextChallenge(campaign_id, last.id, challenge, None)
        known: dict[str, KnowledgeElement] = {}
        for evaluation in evaluations:
            if evaluation is not None:
                known.update(
                    (s, ke) for s, ke in evaluation.current().items() if s in content.skills
                )
        answers = assessment.answers
        situation = Situation(
            targets=content.targets,
            challenges=content.challenges,
            # Campaigns always apply the retry filter (spec B.6, "always improving").
            known=kept_for_improving(known, assessment.started_at),
            answered=frozenset(cid for cid, _ in answers),
            last_answer_timed=self._challenge(answers[-1][0]).is_timed if answers else None,
            pool=content.pool,
        )
        pick = choose_next(situation, rng)
        if pick is None:
            assessment._complete(served_at, actor.id, actor.role)
            participant._complete(last.id, served_at, actor.id, actor.role)
            self._save(*changed, assessment, participant)
            return CampaignNextChallenge(campaign_id, last.id, None, None)
        assessment._serve(pick.challenge_id, pick.record(), served_at, actor.id, actor.role)
        self._save(*changed, assessment)
        return CampaignNextChallenge(
            campaign_id, last.id, self._challenge(pick.challenge_id), pick.predicted_level
        )

    def campaign_answer(
        self,
        campaign_id: UUID,
        user_id: UUID,
        challenge_id: str,
        value: str,
        *,
        answered_at: datetime,
        actor: Actor,
    ) -> CampaignAnswer:
        """Check and record the answer with its knowledge elements (in the learner's profile)."""
        _, assessment = self._running_participation(campaign_id, user_id)
        challenge, checked = self._check_answer(assessment, challenge_id, value, answered_at)
        status = checked.status
        content = self._campaign_content(campaign_id)
        code = content.skills[challenge.skill_id].competence_code
        evaluation = self._find_evaluation(user_id, code)
        if _reset_since(evaluation, assessment.started_at):
            raise ChallengeNotCurrentError(
                f"competence {code} was reset: ask for the next challenge, a new assessment "
                "of the campaign takes over"
            )
        if evaluation is None:
            evaluation = CompetenceEvaluation(
                learner_id=user_id,
                competence_code=code,
                framework_key=self.framework.key,
                opened_at=answered_at,
                **actor.event_fields(),
            )
        elements = infer_knowledge_elements(
            answered_skill_id=challenge.skill_id,
            ok=status == "ok",
            targets=content.targets_of(code),
            assessed_skill_ids=evaluation.assessed_in(assessment.id),
            created_at=answered_at,
            assessment_id=assessment.id,
            challenge_id=challenge_id,
        )
        assessment._record_answer(
            challenge_id, value, status, answered_at, checked.seconds, actor.id, actor.role
        )
        if elements:
            evaluation._record_for_campaign(
                assessment.id,
                challenge_id,
                status,
                tuple(ke.to_record() for ke in elements),
                answered_at,
                actor.id,
                actor.role,
            )
        self._save(assessment, *([evaluation] if elements else []))
        kind = TO_LEARN_MORE if status == "ok" else TO_SUCCEED
        skill = self.bank.skill(challenge.skill_id)
        return CampaignAnswer(
            challenge_id,
            status,
            tuple(elements),
            kind,
            tuple(t for t in skill.tutorials if t.kind == kind),
        )

    # -- helpers ---------------------------------------------------------------------------

    def _campaign_content(self, campaign_id: UUID) -> CampaignContent:
        # The skills never change after creation and the bank never changes under a ledger, so
        # the campaign is loaded once per process, not at every answer.
        cache: dict[UUID, CampaignContent] = self.__dict__.setdefault("_campaign_contents", {})
        if campaign_id not in cache:
            cache[campaign_id] = CampaignContent.of(
                self.get_campaign(campaign_id).skills, self.bank
            )
        return cache[campaign_id]

    def _running_participation(
        self, campaign_id: UUID, user_id: UUID, *, allow_done: bool = False
    ) -> tuple[CampaignParticipant, Assessment]:
        participant = self.get_campaign_participant(campaign_id, user_id)
        last = participant.last
        assert last is not None
        if last.assessment_id is None or (last.status != STARTED and not allow_done):
            raise ParticipationNotRunningError(
                f"the participation in campaign {campaign_id} is "
                + ("a profiles collection" if last.assessment_id is None else last.status)
            )
        assessment = self._find(last.assessment_id, Assessment)
        if assessment is None:
            raise AssessmentNotFoundError(f"no assessment {last.assessment_id}")
        return participant, assessment

    def _new_campaign_assessment(self, user_id: UUID, at: datetime, actor: Actor) -> Assessment:
        assessment: Assessment = Assessment(
            kind=CAMPAIGN_KIND,
            subject_id=user_id,
            scope="all",
            framework_key=self.framework.key,
            bank_key=self.bank.key,
            started_at=at,
            **actor.event_fields(),
        )
        return assessment


def _reset_since(evaluation: CompetenceEvaluation | None, since: datetime) -> bool:
    """Whether the learner reset this competence ("Remettre à zéro") after ``since``."""
    return evaluation is not None and any(
        at > since and status == EVALUATION_RESET for at, status in evaluation.status_timeline
    )
