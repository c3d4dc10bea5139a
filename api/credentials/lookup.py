"""Public lookups, shared by the API and the employer's page: throttle first, then read.

A lookup by code logs one line with a salted digest of the code and the outcome, never the
code itself.
"""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request

from api.credentials.services import CertificateServices
from domain.credentials.certificate import Certificate
from domain.errors import LedgerError
from projections.certificates import CourseRow


def lookup_code(
    services: CertificateServices, request: Request, code: str, at: datetime
) -> tuple[CourseRow, Certificate]:
    """The delivered course of ``code`` and its certificate at ``at``."""
    address = services.throttle.client_address(request)
    try:
        services.throttle.check(address)
        row, certificate = services.reader.certificate_by_code(code, at)
    except LedgerError as e:
        services.log_attempt(code, address, e.code)
        raise
    services.log_attempt(code, address, certificate.validity.status)
    return row, certificate


def lookup_token(
    services: CertificateServices, request: Request, token: str, at: datetime
) -> tuple[CourseRow, Certificate]:
    """The delivered course a live share token opens, and its certificate at ``at``."""
    services.throttle.check(services.throttle.client_address(request))
    row = services.reader.row_by_token(token)
    return row, services.reader.certificate_of(row, at)
