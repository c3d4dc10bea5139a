"""The one place where domain errors become HTTP responses ``{"code", "detail"}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth.guard import refusal_before_body
from domain.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    InvalidPersonalDataError,
    LedgerError,
    NotFoundError,
    PermissionDeniedError,
    RequestTooLargeError,
    RuleViolationError,
    StorageUnavailableError,
    StoredEventError,
    TooManyAttemptsError,
)

STATUS_BY_ERROR: tuple[tuple[type[LedgerError], int], ...] = (
    (NotFoundError, 404),
    (RuleViolationError, 409),
    (ConflictError, 409),
    (RequestTooLargeError, 413),
    (InvalidInputError, 422),
    (StorageUnavailableError, 503),
    (StoredEventError, 503),
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (TooManyAttemptsError, 429),
    (LedgerError, 400),
)
"""First match wins, so subclasses come before their bases."""


def status_for(error: LedgerError) -> int:
    """The HTTP status for a domain error."""
    return next(status for kind, status in STATUS_BY_ERROR if isinstance(error, kind))


async def _ledger_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LedgerError)
    return error_response(exc)


def error_response(exc: LedgerError) -> JSONResponse:
    """The response for a domain error (also sent by plain ASGI handlers, outside FastAPI)."""
    body: dict[str, object] = {"code": exc.code, "detail": exc.detail}
    problems = getattr(exc, "problems", None)  # bank files, candidates, candidate imports
    if problems:
        body["problems"] = jsonable_encoder(list(problems))
    if isinstance(exc, InvalidPersonalDataError):
        body["errors"] = [{"field": exc.field, "problem": exc.detail}]
    return JSONResponse(status_code=status_for(exc), content=body, headers=_headers_for(exc))


def _headers_for(exc: LedgerError) -> dict[str, str] | None:
    """RFC 6750 asks 401s to name the scheme; RFC 6585 lets 429s say when to retry."""
    if isinstance(exc, AuthenticationError):
        return {"WWW-Authenticate": 'Bearer realm="certledger"'}
    if isinstance(exc, TooManyAttemptsError):
        return {"Retry-After": str(exc.retry_after)}
    return None


async def _validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Schema errors keep the same shape as domain errors, with every field's problem listed."""
    assert isinstance(exc, RequestValidationError)
    if any(e.get("type") == "json_invalid" for e in exc.errors()):
        return await _unreadable_body(request, "the body is not valid JSON")
    errors = [
        {"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in exc.errors()
    ]
    first = errors[0] if errors else {"field": "", "problem": "invalid request"}
    return JSONResponse(
        status_code=422,
        content=jsonable_encoder(
            {
                "code": "invalid_request",
                "detail": f"{first['field']}: {first['problem']}",
                "errors": errors,
            }
        ),
    )


HTTP_CODES = {404: "route_not_found", 405: "method_not_allowed"}
"""Errors raised by the framework itself, outside any route (no such path, wrong method)."""


async def _http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Framework errors in the same ``{code, detail}`` shape as the domain's."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:  # FastAPI could not read the body (not UTF-8, nested too deep)
        return await _unreadable_body(request, "the body is not readable JSON")
    code = HTTP_CODES.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404:
        detail = f"no route {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    return JSONResponse(
        status_code=exc.status_code,
        content={"code": code, "detail": detail},
        headers=getattr(exc, "headers", None),
    )


async def _unreadable_body(request: Request, detail: str) -> JSONResponse:
    """422 ``invalid_json``, unless the route's token check refuses the caller first.

    FastAPI reads the body before it runs the route's dependencies; a caller without a valid
    token must learn that (401/403), not that the body is malformed.
    """
    refusal = await refusal_before_body(request)
    if refusal is not None:
        return await _ledger_error_handler(request, refusal)
    return JSONResponse(status_code=422, content={"code": "invalid_json", "detail": detail})


def install_error_handlers(app: FastAPI) -> None:
    """Register the domain-error, request-validation and framework-error handlers on ``app``."""
    app.add_exception_handler(LedgerError, _ledger_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
