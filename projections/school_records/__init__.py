"""School records: certification results by organisation learner, for the pull APIs (§6.8).

The school record (by UAI) and the higher-education search (by INE, by UAI and identity, by
verification code) read this view: a learner's latest non-cancelled certification, pending
until published. Not here: the jury's rules (``jury/``) or certificates themselves.
"""

from projections.school_records.backends import (
    POPOSchoolRecordsView,
    PostgresSchoolRecordsView,
    SQLiteSchoolRecordsView,
)
from projections.school_records.projection import SchoolRecordsProjection, changes_for
from projections.school_records.view import CertificationRecord, SchoolRecordsView

__all__ = [
    "CertificationRecord",
    "POPOSchoolRecordsView",
    "PostgresSchoolRecordsView",
    "SQLiteSchoolRecordsView",
    "SchoolRecordsProjection",
    "SchoolRecordsView",
    "changes_for",
]
