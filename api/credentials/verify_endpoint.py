"""``POST /shared-certifications`` as a plain ASGI handler, ahead of FastAPI's routing.

The busiest public route skips route matching, dependency injection and request validation:
it reads the body, answers a well-formed request itself (throttle, lookup, the salted digest
in the log line, the kept answer of ``answers.py``) and hands anything else to the FastAPI
route, which stays the reference: the OpenAPI documents it, and every unusual request (not
JSON, no or a wrong ``verification_code``, another content type, odd query parameters) gets
its exact validation errors there. Installed innermost, so the body limit (413), the pages
middleware and ``Cache-Control: no-store`` wrap it as they wrap the route.
"""

from __future__ import annotations

import inspect
import json
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.credentials.lookup import attempt_code
from api.credentials.services import CertificateServices, get_certificate_services
from api.deps import get_clock
from api.errors import error_response
from domain.errors import LedgerError

PATH = "/shared-certifications"
MAX_CODE_LENGTH = 64
"""``VerificationCodeCreate.verification_code``'s ``max_length``."""
_AT: TypeAdapter[datetime | None] = TypeAdapter(datetime | None)
"""The route's ``at`` query parameter, parsed as FastAPI parses it."""


class VerificationEndpoint:
    """Answers plain verification requests; passes every other request on to ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            return  # the client left, or the body limit already answered 413
        code = _plain_code(scope, body)
        plain, asked = _plain_at(scope["query_string"])
        if code is None or not plain:
            await self.app(scope, _replaying(body, receive), send)
            return
        request = Request(scope, receive)
        services = await get_certificate_services(request)
        now = asked or await _now(scope["app"])

        def lookup() -> Response:
            return _answer(services, request, code, now)

        # As the route: inline on the embedded store with the in-memory throttle, in the pool
        # when a lookup waits on the network (ADR 1002).
        response = await run_in_threadpool(lookup) if services.blocking else lookup()
        await response(scope, receive, send)


def _answer(services: CertificateServices, request: Request, code: str, at: datetime) -> Response:
    """The route's attempt (throttle, look-up, log line), answered from the kept answers."""
    try:
        body, _ = attempt_code(
            services, request, code, lambda: services.answers.answer(code, at), lambda a: a[1]
        )
    except LedgerError as e:
        return error_response(e)
    return Response(body, media_type="application/json")


async def _read_body(receive: Receive) -> bytes | None:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """``receive`` with the body already read given back first."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _plain_code(scope: Scope, body: bytes) -> str | None:
    """The code of a JSON object body that the route's model accepts as is, or None."""
    content_type = next((v for k, v in scope["headers"] if k == b"content-type"), None)
    if content_type is None or content_type.split(b";")[0].strip().lower() != b"application/json":
        return None
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):  # the route's own errors say what is wrong
        return None
    code = data.get("verification_code") if type(data) is dict else None
    return code if type(code) is str and len(code) <= MAX_CODE_LENGTH else None


def _plain_at(query: bytes) -> tuple[bool, datetime | None]:
    """(False, None) when the route must judge the query; else (True, the instant or None)."""
    if not query:
        return True, None
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    if len(pairs) != 1 or pairs[0][0] != "at":
        return False, None
    try:
        return True, _AT.validate_python(pairs[0][1])
    except ValidationError:
        return False, None


async def _now(app: FastAPI) -> datetime:
    """The app's clock, honouring a test's override of ``get_clock`` as the route does."""
    provider: Any = app.dependency_overrides.get(get_clock, get_clock)
    clock = provider()
    if inspect.isawaitable(clock):
        clock = await clock
    now: datetime = clock()
    return now


def install_verification_endpoint(app: FastAPI) -> None:
    """Add the handler to ``app``: call before any other middleware, so it is the innermost."""
    app.add_middleware(VerificationEndpoint)
