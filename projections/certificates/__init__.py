"""Certificates: courses delivered by publication with a validated result, and their status.

Rows keep what a certificate shows (identity still sealed, unsealed at read time so erasure
reaches it), its delivery and revocation, its status-list entry, and share links. Validity at
an instant is computed at query time (``domain.credentials.validity``). Not here: signing,
rendering, or any read of the ledger's repository.
"""

from projections.certificates.popo import POPOCertificatesView
from projections.certificates.postgres import PostgresCertificatesView
from projections.certificates.projection import CertificatesProjection, changes_for
from projections.certificates.rows import CandidateRow, CourseRow, SessionRow, ShareLinkRow
from projections.certificates.sqlite import SQLiteCertificatesView
from projections.certificates.view import CertificatesView

__all__ = [
    "CandidateRow",
    "CertificatesProjection",
    "CertificatesView",
    "CourseRow",
    "POPOCertificatesView",
    "PostgresCertificatesView",
    "SQLiteCertificatesView",
    "SessionRow",
    "ShareLinkRow",
    "changes_for",
]
