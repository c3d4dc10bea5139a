"""Public lookups, shared by the API and the employer's page: throttle first, then read.

A lookup by code logs one line with a salted digest of the code and the outcome, never the
code itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from starlette.requests import Request

from api.credentials.services import CertificateServices
from domain.credentials.certificate import Certificate
from domain.errors import LedgerError
from projections.certificates import CourseRow

T = TypeVar("T")


def lookup_code(
    services: CertificateServices, request: Request, code: str, at: datetime
) -> tuple[CourseRow, Certificate]:
    """The delivered course of ``code`` and its certificate at ``at``."""
    return attempt_code(
        services,
        request,
        code,
        lambda: services.reader.certificate_by_code(code, at),
        lambda found: found[1].validity.status,
    )


def attempt_code(
    services: CertificateServices,
    request: Request,
    code: str,
    look_up: Callable[[], T],
    outcome: Callable[[T], str],
) -> T:
    """One attempt at a code: the throttle first, then ``look_up``, then one log line with the
    code's salted digest and the outcome (``outcome`` of what was found, or the error's code).
    The route, the page and the plain verification handler all go through here."""
    address = services.throttle.client_address(request)
    try:
        services.throttle.check(address)
        found = look_up()
    except LedgerError as e:
        services.log_attempt(code, address, e.code)
        raise
    services.log_attempt(code, address, outcome(found))
    return found


def lookup_token(
    services: CertificateServices, request: Request, token: str, at: datetime
) -> tuple[CourseRow, Certificate]:
    """The delivered course a live share token opens, and its certificate at ``at``."""
    services.throttle.check(services.throttle.client_address(request))
    row = services.reader.row_by_token(token)
    return row, services.reader.certificate_of(row, at)
