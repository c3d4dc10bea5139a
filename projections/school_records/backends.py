"""The school records view on each backend: the documents storage plus its queries."""

from __future__ import annotations

from projections.documents import POPODocumentsView, PostgresDocumentsView, SQLiteDocumentsView
from projections.school_records.view import SchoolRecordsView


class POPOSchoolRecordsView(POPODocumentsView, SchoolRecordsView):
    """In memory (tests and ``memory://``)."""


class SQLiteSchoolRecordsView(SQLiteDocumentsView, SchoolRecordsView):
    """SQLite (the embedded default)."""


class PostgresSchoolRecordsView(PostgresDocumentsView, SchoolRecordsView):
    """PostgreSQL."""
