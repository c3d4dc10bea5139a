"""CampaignCommands: create and archive campaigns, join by code, share, retry (a ledger mixin).

The campaign's adaptive test is ``CampaignAssessmentCommands`` (assessment_commands.py); the
organisations are ``OrganisationCommands``. Every refusal raises before any event.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.accounts import Account
from domain.actors import Actor
from domain.campaigns.assessment_commands import CampaignAssessmentCommands
from domain.campaigns.campaign import (
    ASSESSMENT,
    CAMPAIGN_TYPES,
    SHARED,
    STARTED,
    Campaign,
    CampaignParticipant,
    LearnerCampaigns,
    participation_id,
)
from domain.campaigns.codes import (
    MAX_DRAWS,
    draw_campaign_code,
)
from domain.campaigns.errors import (
    AlreadyParticipatingError,
    CampaignArchivedError,
    CampaignInvalidError,
    CampaignRetryNotAllowedError,
    CampaignRetryTooEarlyError,
    ExternalIdRequiredError,
    ParticipationAlreadySharedError,
    ParticipationNotCompletedError,
    ParticipationNotFoundError,
)
from domain.campaigns.linking import link_learner
from domain.campaigns.lookups import CODE_CLAIM
from domain.campaigns.organisation_commands import OrganisationCommands
from domain.campaigns.outcomes import (
    CampaignCreation,
    ParticipationStart,
    SharedResults,
)
from domain.campaigns.pull_access import PullAccessCommands
from domain.campaigns.results import share_snapshot
from domain.campaigns.target_profiles import CampaignSkill, get_target_profile
from domain.certification.session import CodeClaim
from domain.errors import (
    ConflictError,
)

RETRY_DELAY_DAYS = 4
"""MINIMUM_DELAY_IN_DAYS_BEFORE_RETRYING: whole days between a share and the next sending."""
JOIN_ATTEMPTS = 3


class CampaignCommands(OrganisationCommands, PullAccessCommands, CampaignAssessmentCommands):
    """Campaign commands and queries (a ``CertificationLedger`` mixin)."""

    # -- campaigns -------------------------------------------------------------------------

    def create_campaign(
        self,
        organisation_id: UUID,
        *,
        type: str,
        name: str,
        created_at: datetime,
        actor: Actor,
        rng: random.Random,
        target_profile_id: str | None = None,
        external_id_label: str = "",
        multiple_sendings: bool = False,
    ) -> CampaignCreation:
        """Create a campaign with a fresh code.

        An assessment needs a target profile, whose skills are resolved against the bank in
        force and recorded.
        """
        self.get_organisation(organisation_id)
        name = " ".join(name.split())
        label = " ".join(external_id_label.split())
        if type not in CAMPAIGN_TYPES:
            raise CampaignInvalidError(f"type must be one of {CAMPAIGN_TYPES}")
        if not 1 <= len(name) <= 255 or len(label) > 255:
            raise CampaignInvalidError("name: 1 to 255 characters; external id label: 255 at most")
        profile = None
        skills: tuple[CampaignSkill, ...] = ()
        if type == ASSESSMENT:
            if not target_profile_id:
                raise CampaignInvalidError("an assessment campaign needs a target profile")
            profile = get_target_profile(target_profile_id)
            skills = profile.skills(self.bank)
            if not skills:
                raise CampaignInvalidError(f"target profile {profile.id} has no skill in the bank")
        elif target_profile_id:
            raise CampaignInvalidError("a profiles collection has no target profile")
        rejected: list[str] = []
        for _ in range(MAX_DRAWS):
            code = draw_campaign_code(rng)
            if self._find(CodeClaim.create_id(CODE_CLAIM, code), CodeClaim) is None:
                break
            rejected.append(code)
        else:
            raise ConflictError(f"no free campaign code after {MAX_DRAWS} draws")
        campaign: Campaign = Campaign(
            organisation_id=organisation_id,
            type=type,
            name=name,
            code=code,
            code_draw={"rejected": rejected, "draws": len(rejected) + 1},
            target_profile=profile.to_record() if profile else {},
            skills=tuple(s.to_record() for s in skills),
            external_id_label=label,
            multiple_sendings=multiple_sendings,
            framework_key=self.framework.key,
            bank_key=self.bank.key,
            created_at=created_at,
            **actor.event_fields(),
        )
        claim = CodeClaim(kind=CODE_CLAIM, code=code, owner_id=campaign.id)
        self._save(campaign, claim)
        return CampaignCreation(campaign.id, code)

    def archive_campaign(self, campaign_id: UUID, *, archived_at: datetime, actor: Actor) -> None:
        """Archive the campaign; archiving twice is refused (``campaign_archived``)."""
        campaign = self.get_campaign(campaign_id)
        if campaign.is_archived:
            raise CampaignArchivedError(f"campaign {campaign.code} is already archived")
        campaign._archive(archived_at, actor.id, actor.role)
        self._save(campaign)

    # -- participations --------------------------------------------------------------------

    def join_campaign(
        self,
        code: str,
        user_id: UUID,
        *,
        joined_at: datetime,
        actor: Actor,
        external_id: str | None = None,
    ) -> ParticipationStart:
        """Start the learner's first participation, linking them to their organisation learner.

        Joining again is a retry when the campaign allows multiple sendings (see
        ``retry_campaign``), else ``already_participating``. A concurrent first participation
        of another learner of the organisation is retried here, transparently.
        """
        for attempt in range(JOIN_ATTEMPTS):
            try:
                return self._join(code, user_id, joined_at, actor, external_id)
            except ConflictError:
                if attempt == JOIN_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _join(
        self, code: str, user_id: UUID, at: datetime, actor: Actor, external_id: str | None
    ) -> ParticipationStart:
        campaign = self.find_campaign_by_code(code)
        if campaign.is_archived:
            raise CampaignArchivedError(f"campaign {campaign.code} is archived")
        participant = self._find_participant(campaign.id, user_id)
        if participant is not None:
            last = participant.last
            if not campaign.multiple_sendings or last is None or last.status != SHARED:
                raise AlreadyParticipatingError(
                    f"already in campaign {campaign.code}"
                    + ("" if campaign.multiple_sendings else " (one sending only)")
                )
            return self.retry_campaign(
                campaign.id, user_id, retried_at=at, actor=actor, external_id=external_id
            )
        account = self._find(user_id, Account)
        if account is None:
            raise ParticipationNotFoundError(f"no learner account {user_id}")
        sealed = self._sealed_external_id(campaign, account, external_id)
        organisation = self.get_organisation(campaign.organisation_id)
        learner_id, organisation_changed = link_learner(self, organisation, account, at, actor)
        participant = CampaignParticipant(
            campaign_id=campaign.id,
            user_id=user_id,
            organisation_id=organisation.id,
            organisation_learner_id=learner_id,
            opened_at=at,
            **actor.event_fields(),
        )
        start, changed = self._start(campaign, participant, sealed, False, (), at, actor)
        joined = self._find(LearnerCampaigns.create_id(user_id), LearnerCampaigns)
        if joined is None:
            joined = LearnerCampaigns(user_id=user_id)
        joined._join(campaign.id, at)
        self._save(participant, joined, *changed, *([organisation] if organisation_changed else []))
        return start

    def retry_campaign(
        self,
        campaign_id: UUID,
        user_id: UUID,
        *,
        retried_at: datetime,
        actor: Actor,
        reset: bool = False,
        external_id: str | None = None,
    ) -> ParticipationStart:
        """A new sending (spec §E).

        Needs multiple sendings and the last one shared; for an assessment, 4 whole days since
        that share, and below 100 % unless ``reset``. A reset retry (the target profile must
        allow it) first resets the learner's elements on the campaign skills; the new
        assessment keeps old failures only if younger than 4 days (B.6).
        """
        campaign = self.get_campaign(campaign_id)
        participant = self.get_campaign_participant(campaign_id, user_id)
        last = participant.last
        assert last is not None  # a participant always has a first participation
        if campaign.is_archived:
            raise CampaignArchivedError(f"campaign {campaign.code} is archived")
        if not campaign.multiple_sendings:
            raise CampaignRetryNotAllowedError(f"campaign {campaign.code} has one sending only")
        if last.status != SHARED:
            raise AlreadyParticipatingError("the current participation is not shared yet")
        changed: list[object] = []
        reset_ids: tuple[str, ...] = ()
        if campaign.type == ASSESSMENT:
            assert last.shared_at is not None
            days = math.floor((retried_at - last.shared_at) / timedelta(days=1))
            if days < RETRY_DELAY_DAYS:
                raise CampaignRetryTooEarlyError(last.shared_at + timedelta(days=RETRY_DELAY_DAYS))
            if reset and not campaign.reset_allowed:
                raise CampaignRetryNotAllowedError("this target profile does not allow a reset")
            mastered = last.results.get("validated_skills_count", 0) >= len(campaign.skills)
            if mastered and not reset:
                raise CampaignRetryNotAllowedError(
                    "every skill is already mastered; only a reset retry is possible"
                )
            if reset:
                changed, reset_ids = self._reset_campaign_skills(
                    campaign, user_id, retried_at, actor
                )
        elif reset:
            raise CampaignRetryNotAllowedError("a profiles collection has nothing to reset")
        account = self._find(user_id, Account)
        assert account is not None
        sealed = self._sealed_external_id(campaign, account, external_id, last.external_id)
        start, more = self._start(campaign, participant, sealed, True, reset_ids, retried_at, actor)
        self._save(participant, *more, *changed)
        return start

    def share_campaign_results(
        self, campaign_id: UUID, user_id: UUID, *, shared_at: datetime, actor: Actor
    ) -> SharedResults:
        """Send the results: the snapshot (spec §E) is computed now, recorded, never changed."""
        campaign = self.get_campaign(campaign_id)
        participant = self.get_campaign_participant(campaign_id, user_id)
        last = participant.last
        assert last is not None
        if campaign.is_archived:
            raise CampaignArchivedError(f"campaign {campaign.code} is archived")
        if last.status == SHARED:
            raise ParticipationAlreadySharedError("these results were already shared")
        if last.status == STARTED:
            raise ParticipationNotCompletedError("finish the campaign's assessment first")
        current = {}
        for competence in self.framework.competences:
            evaluation = self._find_evaluation(user_id, competence.code)
            current[competence.code] = evaluation.current(shared_at) if evaluation else {}
        results = share_snapshot(
            campaign_type=campaign.type,
            skills=campaign.skills,
            current=current,
            max_reachable_level=self.framework.max_reachable_level,
            max_pix=self.framework.max_pix,
            at=shared_at,
        )
        participant._share(last.id, results, shared_at, actor.id, actor.role)
        self._save(participant)
        return SharedResults(campaign_id, last.id, shared_at, results)

    def list_learner_campaigns(self, user_id: UUID) -> list[CampaignParticipant]:
        """The learner's participations in every campaign they joined, in joining order."""
        joined = self._find(LearnerCampaigns.create_id(user_id), LearnerCampaigns)
        if joined is None:
            return []
        return [self.get_campaign_participant(c, user_id) for c in joined.campaign_ids]

    def campaign_records(self, user_id: UUID) -> list[dict[str, Any]]:
        """Everything campaigns hold about the learner (right of access), one row a campaign."""
        rows = []
        for participant in self.list_learner_campaigns(user_id):
            campaign = self.get_campaign(participant.campaign_id)
            organisation = self.get_organisation(campaign.organisation_id)
            rows.append(
                {
                    "organisation": organisation.name,
                    "organisation_learner": asdict(
                        self.organisation_learner(organisation, participant.organisation_learner_id)
                    ),
                    "campaign": campaign.name,
                    "code": campaign.code,
                    "participations": [
                        {
                            "sending": p.index,
                            "status": p.status,
                            "started_at": p.started_at.isoformat(),
                            "shared_at": p.shared_at.isoformat() if p.shared_at else None,
                            "external_id": self.read_sealed(p.external_id),
                            "results": p.results,
                        }
                        for p in participant.participations
                    ],
                }
            )
        return rows

    # -- helpers ---------------------------------------------------------------------------

    def _start(
        self,
        campaign: Campaign,
        participant: CampaignParticipant,
        external_id: str,
        improving: bool,
        reset_ids: tuple[str, ...],
        at: datetime,
        actor: Actor,
    ) -> tuple[ParticipationStart, list[object]]:
        index = len(participant.participations) + 1
        pid = participation_id(campaign.id, participant.user_id, index)
        changed: list[object] = []
        assessment_id = None
        if campaign.type == ASSESSMENT:
            assessment = self._new_campaign_assessment(participant.user_id, at, actor)
            assessment_id = assessment.id
            changed.append(assessment)
        participant._start(
            pid, index, assessment_id, external_id, improving, reset_ids, at, actor.id, actor.role
        )
        last = participant.last
        assert last is not None
        start = ParticipationStart(
            campaign.id, pid, index, last.status, assessment_id, improving, reset_ids
        )
        return start, changed

    def _reset_campaign_skills(
        self, campaign: Campaign, user_id: UUID, at: datetime, actor: Actor
    ) -> tuple[list[object], tuple[str, ...]]:
        skill_ids = {s.id for s in campaign.skills}
        changed: list[object] = []
        reset: list[str] = []
        for code in sorted({s.competence_code for s in campaign.skills}):
            evaluation = self._find_evaluation(user_id, code)
            if evaluation is None:
                continue
            ids = tuple(sorted(s for s in evaluation.current() if s in skill_ids))
            if ids:
                evaluation._reset_for_campaign(ids, at, actor.id, actor.role)
                changed.append(evaluation)
                reset += ids
        return changed, tuple(reset)

    def _sealed_external_id(
        self,
        campaign: Campaign,
        account: Account,
        external_id: str | None,
        previous: str = "",
    ) -> str:
        """The external id sealed with the learner's key; a retry keeps the previous one."""
        if not campaign.external_id_label:
            return ""
        text = " ".join((external_id or "").split())
        if not text:
            if previous:
                return previous
            raise ExternalIdRequiredError(
                f"campaign {campaign.code} asks for: {campaign.external_id_label}"
            )
        if len(text) > 255:
            raise CampaignInvalidError("external id: 255 characters at most")
        return self._vault().seal(account.personal_data_key_id, text)
