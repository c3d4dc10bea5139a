"""Campaigns for organisations (spec §E).

Organisations, their members and learners, target profiles, campaigns shared by code,
participations and the results they share.

Holds the aggregates (``Organisation``, ``Campaign``, ``CampaignParticipant``), the pure rules
(codes, learners CSV, target profiles, the shared snapshot) and the ``CampaignCommands`` ledger
mixin. It must not hold HTTP, SQL or read models: results views live in ``projections/``.
"""

from domain.campaigns.campaign import Campaign, CampaignParticipant
from domain.campaigns.campaign_commands import CampaignCommands
from domain.campaigns.organisation import Organisation

__all__ = ["Campaign", "CampaignCommands", "CampaignParticipant", "Organisation"]
