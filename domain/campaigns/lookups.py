"""CampaignLookups: finding campaigns and a learner's participations (shared by the groups)."""

from __future__ import annotations

from uuid import UUID

from domain.campaigns.campaign import Campaign, CampaignParticipant
from domain.campaigns.codes import CAMPAIGN_CODE_PATTERN, normalise_code
from domain.campaigns.errors import CampaignNotFoundError, ParticipationNotFoundError
from domain.certification.session import CodeClaim
from domain.ledger_base import LedgerBase

CODE_CLAIM = "campaign"


class CampaignLookups(LedgerBase):
    """Campaigns by id or code, participants by campaign and learner."""

    def get_campaign(self, campaign_id: UUID) -> Campaign:
        """The campaign with this id; ``CampaignNotFoundError`` otherwise."""
        return self._load(campaign_id, Campaign, CampaignNotFoundError, "campaign")

    def find_campaign_by_code(self, code: str) -> Campaign:
        """The campaign with this code (case-insensitive); ``CampaignNotFoundError`` otherwise."""
        code = normalise_code(code)
        claim = None
        if CAMPAIGN_CODE_PATTERN.match(code):
            claim = self._find(CodeClaim.create_id(CODE_CLAIM, code), CodeClaim)
        if claim is None or claim.owner_id is None:
            raise CampaignNotFoundError(f"no campaign with code {code!r}")
        return self.get_campaign(claim.owner_id)

    def get_campaign_participant(self, campaign_id: UUID, user_id: UUID) -> CampaignParticipant:
        """The learner's participations in the campaign; ``ParticipationNotFoundError``."""
        found = self._find_participant(campaign_id, user_id)
        if found is None:
            raise ParticipationNotFoundError(f"no participation in campaign {campaign_id}")
        return found

    def _find_participant(self, campaign_id: UUID, user_id: UUID) -> CampaignParticipant | None:
        return self._find(CampaignParticipant.create_id(campaign_id, user_id), CampaignParticipant)
