"""The certificate services of one app: reader, throttle, issuer and credentials, built once.

Built on first use from the app's container (its certificates view, vault and secret tables)
and kept on ``app.state``, so ``api/app.py`` needs no change beyond the routers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from api.bootstrap import Container
from api.credentials.answers import Answers
from api.credentials.issuing import CredentialService
from api.credentials.keys import Issuer, attestation_link_key, issuer_from_settings
from api.credentials.reader import CertificateReader
from api.credentials.receipts import Receipts
from api.credentials.stamps import stamps_for
from api.credentials.throttle import VerificationThrottle
from projections.audit_log.service import AuditLog

log = logging.getLogger("certledger.verification")
_lock = threading.Lock()


@dataclass
class CertificateServices:
    """What the certificate routes and pages use."""

    reader: CertificateReader
    throttle: VerificationThrottle
    issuer: Issuer
    credentials: CredentialService
    log_salt: bytes
    link_key: bytes
    blocking: bool
    """Whether a lookup waits on the network (PostgreSQL or Redis): then it runs in the pool."""
    answers: Answers
    """Verification answers by code, kept while the stores' version stamp stays the same."""

    @property
    def audit(self) -> AuditLog | None:
        """The audit log that gives certificates their ledger receipts (if open)."""
        return self.credentials.audit

    @property
    def receipts(self) -> Receipts:
        """Checked ledger receipts, reused until the next checkpoint."""
        return self.credentials.receipts

    def attestation_token(self, course_id: UUID) -> str:
        """The attestation's share token: derived, so the same PDF prints the same QR code."""
        digest = hmac.new(self.link_key, f"attestation/{course_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest.digest()[:16]).decode("ascii").rstrip("=")

    def log_attempt(self, code: str, address: str, outcome: str) -> None:
        """One log line per verification: a salted digest, never the code itself."""
        digest = hmac.new(self.log_salt, code.encode(), hashlib.sha256).hexdigest()[:16]
        log.info("verification code_digest=%s address=%s outcome=%s", digest, address, outcome)


def build_services(container: Container) -> CertificateServices:
    """The services over ``container`` (its settings, certificates view, vault, tables)."""
    settings = container.settings
    vault = container.ledger.personal_data_vault
    assert vault is not None
    assert container.auth is not None
    reader = CertificateReader(container.view("certificates"), vault, settings.max_reachable_level)
    issuer = issuer_from_settings(settings, container.auth.tables)
    credentials = CredentialService(reader, issuer, settings.public_url, audit=container.audit)
    return CertificateServices(
        reader=reader,
        throttle=VerificationThrottle.from_settings(settings),
        issuer=issuer,
        credentials=credentials,
        # Per process: log lines of one process can be correlated, codes cannot be recovered.
        log_salt=secrets.token_bytes(16),
        link_key=attestation_link_key(container.auth.tables),
        blocking=settings.backend == "postgres" or settings.redis_url is not None,
        answers=Answers(reader, credentials.receipts, stamps_for(container)),
    )


async def get_certificate_services(request: Request) -> CertificateServices:
    """The app's certificate services (built on first use)."""
    state = request.app.state
    services: CertificateServices | None = getattr(state, "certificate_services", None)
    if services is None:
        with _lock:
            services = getattr(state, "certificate_services", None)
            if services is None:
                services = build_services(state.container)
                state.certificate_services = services
    return services


CertificateServicesDep = Annotated[CertificateServices, Depends(get_certificate_services)]
