"""The campaign results view: documents every backend stores alike, and the queries on them.

Results are computed at query time from the stored documents with the rules of spec §E
(``results.py``), so every backend answers identically (the contract tests prove it).
"""

from __future__ import annotations

from abc import ABC
from typing import Any

from projections.base import Change
from projections.campaign_results.documents import apply_change
from projections.campaign_results.results import (
    CampaignResults,
    CertifiableLearner,
    ParticipantResult,
    campaign_results,
    certifiable_learners,
    participant_results,
)
from projections.documents.store import DocumentStore, DocumentsView

__all__ = ["CampaignResultsView"]


class CampaignResultsView(DocumentsView, ABC):
    """Queries on organisations' campaigns and their participants' results."""

    table_name = "campaign_results_documents"

    def apply_change(self, store: DocumentStore, change: Change) -> None:
        """See ``documents.apply_change``."""
        apply_change(store, change)

    # -- queries -------------------------------------------------------------------------

    def campaign(self, campaign_id: str) -> dict[str, Any] | None:
        """The campaign's document (organisation, type, name, code, skills...), or None."""
        return self.document("campaign", campaign_id)

    def campaigns_of(self, organisation_id: str) -> list[tuple[str, dict[str, Any]]]:
        """The organisation's campaigns, by id."""
        return self.documents("campaign", organisation_id)

    def learners_of(self, organisation_id: str) -> dict[str, dict[str, Any]]:
        """The organisation's learners by id (personal fields sealed)."""
        return dict(self.documents("learner", organisation_id))

    def participant_results(
        self, campaign_id: str, *, division: str | None = None
    ) -> list[ParticipantResult]:
        """Each participant's latest participation, with the results shared (if shared)."""
        campaign = self.campaign(campaign_id)
        if campaign is None:
            return []
        return participant_results(
            campaign,
            self.documents("participation", campaign_id),
            self.learners_of(campaign["organisation_id"]),
            division=division,
        )

    def campaign_results(
        self, campaign_id: str, *, division: str | None = None
    ) -> CampaignResults | None:
        """Counts by status, average mastery, per-competence and per-tube success."""
        campaign = self.campaign(campaign_id)
        if campaign is None:
            return None
        rows = self.participant_results(campaign_id, division=division)
        return campaign_results(campaign_id, campaign, rows)

    def certifiable_learners(
        self, organisation_id: str, *, division: str | None = None
    ) -> list[CertifiableLearner]:
        """Learners (of a division) with their latest shared profile collection's verdict."""
        learners = self.learners_of(organisation_id)
        shared = [
            (campaign_id, row)
            for campaign_id, campaign in self.campaigns_of(organisation_id)
            if campaign["type"] == "PROFILES_COLLECTION"
            for row in self.documents("participation", campaign_id)
        ]
        return certifiable_learners(learners, shared, division=division)
