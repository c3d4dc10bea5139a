"""Request body size limit: a pure ASGI middleware answering 413 with the error contract.

It refuses at once a ``Content-Length`` over the limit, and counts the bytes of bodies sent
without one (chunked), stopping at the limit: no body larger than the limit is ever held in
memory. (Starlette's own ``RequestBodyLimitMiddleware`` answers in plain text, outside the
``{code, detail}`` contract.) Only ``api/app.py`` installs it, with ``Settings.max_request_bytes``.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.errors import RequestTooLargeError


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with 413 ``request_too_large``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _refuse(send, self.max_bytes)
            return
        received = 0
        started = refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes and not started:
                    # Answer now and tell the app the client left: it stops reading, and
                    # whatever it then tries to send is dropped below.
                    await _refuse(send, self.max_bytes)
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, tracking_send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, max_bytes: int) -> None:
    error = RequestTooLargeError(f"the request body is larger than {max_bytes} bytes")
    body = json.dumps({"code": error.code, "detail": error.detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
