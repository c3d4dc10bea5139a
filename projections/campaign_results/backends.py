"""The campaign results view on each backend: the documents storage plus its queries."""

from __future__ import annotations

from projections.campaign_results.view import CampaignResultsView
from projections.documents import POPODocumentsView, PostgresDocumentsView, SQLiteDocumentsView


class POPOCampaignResultsView(POPODocumentsView, CampaignResultsView):
    """In memory (tests and ``memory://``)."""


class SQLiteCampaignResultsView(SQLiteDocumentsView, CampaignResultsView):
    """SQLite (the embedded default)."""


class PostgresCampaignResultsView(PostgresDocumentsView, CampaignResultsView):
    """PostgreSQL."""
