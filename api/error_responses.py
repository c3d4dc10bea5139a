"""The error body of the OpenAPI, and every error status each operation can answer.

``install_error_responses(app)`` makes ``app.openapi()`` give each operation the statuses that
the error table (``api/errors.py``) can produce for it, all with ``ErrorPublic`` as their body,
in place of FastAPI's default 422 (``HTTPValidationError``), which this server never sends.
Which statuses apply is read from the operation itself:

- 401 and 403 when it is secured (a bearer token is checked);
- 404 when it names a resource (path parameters, or a body that may refer to one), or reads
  the caller's own record (any secured operation);
- 409, 413 and 422 for writes (a rule refuses in this state or a concurrent write won; the
  body is too large; the input is invalid), 422 for any parameter;
- 401 and 429 for sign-in (``/auth``): wrong credentials; sign-in and registration are
  throttled;
- 503 everywhere: the store may be out of reach.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

# Sign-in and registration, and the public verifications (by code, of a credential).
THROTTLED_PREFIXES = (
    "/auth/",
    "/accounts/learners",
    "/shared-certifications",
    "/credentials/verify",
)
READS = ("get", "head", "options")


class FieldErrorPublic(BaseModel):
    field: str
    problem: str


class ErrorPublic(BaseModel):
    """Every error the API sends: a stable ``code`` and a readable ``detail``; schema errors
    list each field in ``errors``, file imports each faulty line in ``problems``."""

    code: str
    detail: str
    errors: list[FieldErrorPublic] | None = None
    problems: list[Any] | None = None


DESCRIPTIONS = {
    401: "No valid bearer token (`not_authenticated`, `invalid_token`) or wrong credentials",
    403: "The caller's role may not do this, or not on this resource (`out_of_scope`)",
    404: "A resource named by the request does not exist",
    409: "A rule refuses the request in the current state, or a duplicate",
    413: "The request body is over `CERTLEDGER_MAX_REQUEST_BYTES` (`request_too_large`)",
    422: "Invalid input: `invalid_request` (every field in `errors`), `invalid_json`, or a "
    "domain code",
    429: "Too many attempts; `Retry-After` says when to try again",
    503: "The store is out of reach (`storage_unavailable`)",
}
_REF = {"$ref": "#/components/schemas/ErrorPublic"}


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """The error statuses an operation can answer."""
    statuses = {503}
    writes = method not in READS
    if operation.get("security"):
        statuses |= {401, 403, 404}  # 404 too: the caller's own record may be gone
    if "{" in path or "requestBody" in operation or operation.get("parameters"):
        statuses.add(404)  # what the path or a parameter names may not exist (yet)
    if writes:
        statuses |= {409, 413, 422}
    if operation.get("parameters"):
        statuses |= {409, 422}  # a parameter may ask what a rule refuses (order, not yet)
    if path.startswith(THROTTLED_PREFIXES):
        statuses.add(429)
    if path.startswith("/auth/"):
        statuses.add(401)  # wrong credentials, or a bad refresh token
    return statuses


def with_error_responses(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with the error statuses declared on every operation (changed in place)."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.update(
        ErrorPublic.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs")
    )
    schemas["ErrorPublic"] = ErrorPublic.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    schemas["ErrorPublic"].pop("$defs", None)
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(error_statuses(path, method, operation)):
                declared = responses.get(str(status))
                if declared is not None and "HTTPValidationError" not in str(declared):
                    continue  # the route declared its own body (e.g. /health's 503)
                responses[str(status)] = {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": _REF}},
                }
    return spec


def install_error_responses(app: FastAPI) -> None:
    """Make ``app.openapi()`` declare every operation's errors (computed once, then cached)."""
    default = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_error_responses(default())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
