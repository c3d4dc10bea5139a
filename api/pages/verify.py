"""The employer's page: type a verification code, see the certificate, its validity and checks.

Public (no sign-in). The code is posted in the form body, never put in a URL; the page shares
the API's throttle, lookup and uniform "not found", and shows whether the certificate's signed
credential checks out (signature, dates, status, ledger receipt) as a relying party would check
it; the ledger receipt is also shown on its own (recorded in the ledger, or not yet covered).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.credentials.issuing import Verification
from api.credentials.lookup import lookup_code, lookup_token
from api.credentials.services import CertificateServices, CertificateServicesDep
from api.deps import ClockDep
from api.errors import status_for
from api.pages.csrf import csrf_protect
from api.pages.templating import render
from api.schemas.certificates import CertificatePublic
from domain.credentials.certificate import Certificate
from domain.credentials.codes import CODE_FORMAT
from domain.errors import LedgerError, TooManyAttemptsError
from projections.certificates import CourseRow

router = APIRouter(tags=["pages"], include_in_schema=False)
TEMPLATE = "certificates/verify.html"


@router.get("/verify")
def redirect_to_verify_page() -> RedirectResponse:
    return RedirectResponse("/pages/verify", status_code=307)


@router.get("/pages/verify", response_class=HTMLResponse)
def read_verify_page(request: Request) -> HTMLResponse:
    return render(request, TEMPLATE, _context())


@router.post("/pages/verify", response_class=HTMLResponse, dependencies=[Depends(csrf_protect)])
def create_verify_page(
    request: Request,
    verification_code: Annotated[str, Form(max_length=64)],
    services: CertificateServicesDep,
    clock: ClockDep,
) -> HTMLResponse:
    try:
        row, certificate = lookup_code(services, request, verification_code, clock())
    except LedgerError as e:
        return _refused(request, e)
    return _certificate_page(request, services, row, certificate)


@router.get("/pages/verify/s/{token}", response_class=HTMLResponse)
def read_shared_page(
    token: str, request: Request, services: CertificateServicesDep, clock: ClockDep
) -> HTMLResponse:
    try:
        row, certificate = lookup_token(services, request, token, clock())
    except LedgerError as e:
        return _refused(request, e)
    return _certificate_page(request, services, row, certificate)


def _certificate_page(
    request: Request, services: CertificateServices, row: CourseRow, certificate: Certificate
) -> HTMLResponse:
    now = certificate.validity.at
    checks: Verification | None = None
    if row.status_seq is not None:
        credential = services.credentials.credential(row, now)
        checks = services.credentials.verify(credential, now)
    shown = CertificatePublic.of(certificate)
    context = _context(
        certificate=shown,
        checks=checks,
        receipt=services.receipts.of(row),
        issuer=services.issuer.did(),
    )
    return render(request, TEMPLATE, context)


def _refused(request: Request, error: LedgerError) -> HTMLResponse:
    response = render(
        request,
        TEMPLATE,
        _context(error=error.detail, code=error.code),
        status_code=status_for(error),
    )
    if isinstance(error, TooManyAttemptsError):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _context(**values: Any) -> dict[str, Any]:
    return {
        "certificate": None,
        "checks": None,
        "receipt": None,
        "issuer": None,
        "error": None,
        "code": None,
        "code_format": CODE_FORMAT,
        **values,
    }
