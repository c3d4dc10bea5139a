"""Campaign results: organisations, learners, campaigns and participations for Pix Orga views.

Per participant, per campaign, per division results and the certifiable learners are computed
at query time (``results.py``) from documents every backend stores alike. Not here: the
snapshot rules themselves, computed once at share time by the domain (``domain.campaigns``).
"""

from projections.campaign_results.backends import (
    POPOCampaignResultsView,
    PostgresCampaignResultsView,
    SQLiteCampaignResultsView,
)
from projections.campaign_results.projection import CampaignResultsProjection, changes_for
from projections.campaign_results.results import (
    CampaignResults,
    CertifiableLearner,
    ParticipantResult,
)
from projections.campaign_results.view import CampaignResultsView

__all__ = [
    "CampaignResults",
    "CampaignResultsProjection",
    "CampaignResultsView",
    "CertifiableLearner",
    "POPOCampaignResultsView",
    "ParticipantResult",
    "PostgresCampaignResultsView",
    "SQLiteCampaignResultsView",
    "changes_for",
]
