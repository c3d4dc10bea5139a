"""Signed credentials: a certificate's OpenBadgeCredential, the status lists, and verification.

``verify`` runs the checks a relying party needs and names the one that failed: the
signature (our key, unaltered document), the dates (``validFrom`` <= now <= ``validUntil``),
the status (the revocation bit in our status list, read from the view, not over HTTP), and the
ledger receipt (the result event's inclusion proof against a signed checkpoint; "not yet
covered" before the next checkpoint is not a failure).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from api.credentials.dataintegrity import add_proof, verify_proof
from api.credentials.keys import Issuer
from api.credentials.reader import CertificateReader
from api.credentials.receipts import FAILED, Receipts, check_receipt
from domain.credentials import status_list
from domain.credentials.openbadge import (
    VC_CONTEXT,
    open_badge_credential,
    status_entry,
    timestamp,
)
from projections.audit_log.service import AuditLog
from projections.certificates import CourseRow

STATUS_PATH = "/credentials/status/"


@dataclass(frozen=True)
class Check:
    """One check: ``ok``, and why not when it is not; ``outcome`` when more than ok/failed."""

    name: str
    ok: bool
    detail: str
    outcome: str | None = None


@dataclass(frozen=True)
class Verification:
    """The outcome of ``verify``: every check in order; ``verified`` when all passed."""

    verified: bool
    checks: tuple[Check, ...]

    @property
    def failed(self) -> list[str]:
        """Names of the checks that failed."""
        return [c.name for c in self.checks if not c.ok]


class CredentialService:
    """Issues and verifies the credentials of delivered certificates."""

    def __init__(
        self,
        reader: CertificateReader,
        issuer: Issuer,
        base_url: str,
        audit: AuditLog | None = None,
    ) -> None:
        self.reader = reader
        self.issuer = issuer
        self.base_url = base_url.rstrip("/")
        self.audit = audit
        self.receipts = Receipts(audit)

    def status_list_url(self, number: int) -> str:
        """Where status list ``number`` is served."""
        return f"{self.base_url}{STATUS_PATH}{number}"

    def credential(self, row: CourseRow, now: datetime) -> dict[str, Any]:
        """The signed OpenBadgeCredential of a delivered course."""
        assert row.status_seq is not None
        certificate = self.reader.certificate_of(row, now)
        number, index = status_list.position(row.status_seq)
        unsigned = open_badge_credential(
            certificate,
            issuer_id=self.issuer.did(),
            issuer_name=self.issuer.name,
            achievement_id=f"{self.base_url}/achievements/certification-v{row.version}",
            status=status_entry(self.status_list_url(number), index),
        )
        return self._sign(unsigned, now)

    def status_list_credential(self, number: int, now: datetime) -> dict[str, Any]:
        """The signed ``BitstringStatusListCredential`` number ``number`` as of now."""
        indices = [
            status_list.position(seq)[1]
            for seq in self.reader.view.revoked_seqs()
            if status_list.position(seq)[0] == number
        ]
        url = self.status_list_url(number)
        unsigned = {
            "@context": [VC_CONTEXT],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": self.issuer.did(),
            "validFrom": timestamp(now),
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": status_list.encode(indices),
            },
        }
        return self._sign(unsigned, now)

    def verify(
        self, document: dict[str, Any], now: datetime, receipt: dict[str, Any] | None = None
    ) -> Verification:
        """Signature, dates, status and ledger receipt of a credential we issued.

        ``receipt`` is a bundle the relying party kept; without one, the ledger's own.
        """
        problem = verify_proof(document, self.issuer.resolve)
        signature = Check("signature", problem is None, problem or "signed by the issuer")
        dates = self._dates(document, now)
        status = self._status(document) if signature.ok else Check("status", False, "not checked")
        ledger = self._receipt(document, receipt) if signature.ok else None
        checks = (signature, dates, status, ledger or Check("ledger_receipt", False, "not checked"))
        return Verification(all(c.ok for c in checks), checks)

    def _receipt(self, document: dict[str, Any], bundle: dict[str, Any] | None) -> Check:
        if "OpenBadgeCredential" not in document.get("type", []):
            # A status list, say: it records no result, so there is no event to prove.
            return Check("ledger_receipt", True, "not a certificate", "not_applicable")
        course_id = certificate_id_of(document)
        row = self.reader.view.course(course_id) if course_id is not None else None
        if row is None:
            return Check("ledger_receipt", False, "no certificate of ours", FAILED)
        found = self.receipts.of(row) if bundle is None else check_receipt(self.audit, row, bundle)
        return Check("ledger_receipt", found.outcome != FAILED, found.detail, found.outcome)

    def _sign(self, unsigned: dict[str, Any], now: datetime) -> dict[str, Any]:
        return add_proof(
            unsigned,
            self.issuer.active.private,
            verification_method=self.issuer.method_id(),
            created=timestamp(now),
        )

    def _dates(self, document: dict[str, Any], now: datetime) -> Check:
        try:
            start = datetime.fromisoformat(str(document["validFrom"]))
            until = document.get("validUntil")  # optional in VC 2.0 (status lists have none)
            end = datetime.fromisoformat(str(until)) if until is not None else None
        except (KeyError, ValueError):
            return Check("dates", False, "validFrom is missing, or a date is malformed")
        if now < start:
            return Check("dates", False, f"not valid before {document['validFrom']}")
        if end is not None and now > end:
            return Check("dates", False, f"expired on {until}")
        return Check("dates", True, f"valid until {until}" if until else "no end date")

    def _status(self, document: dict[str, Any]) -> Check:
        entry = document.get("credentialStatus")
        if entry is None:
            return Check("status", True, "no status entry (e.g. a status list itself)")
        if not isinstance(entry, dict) or entry.get("statusPurpose") != "revocation":
            return Check("status", False, "not a revocation status entry")
        url = str(entry.get("statusListCredential", ""))
        prefix = f"{self.base_url}{STATUS_PATH}"
        try:
            number, index = int(url.removeprefix(prefix)), int(entry["statusListIndex"])
        except (KeyError, ValueError):
            return Check("status", False, "the status entry is not one of our status lists")
        if not url.startswith(prefix):
            return Check("status", False, "the status entry is not one of our status lists")
        revoked = {status_list.position(s) for s in self.reader.view.revoked_seqs()}
        if (number, index) in revoked:
            return Check("status", False, "revoked")
        return Check("status", True, "not revoked")


def certificate_id_of(document: dict[str, Any]) -> UUID | None:
    """The certificate (course) id of one of our credentials, if it names one."""
    try:
        return UUID(str(document.get("id", "")).removeprefix("urn:uuid:"))
    except ValueError:
        return None
