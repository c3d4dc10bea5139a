"""``Cache-Control: no-store`` on every answer about a certificate, errors included (ASVS 14.3.2).

A plain ASGI middleware (no per-request task or body copy) limited to the certificate paths.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIXES = (
    "/shared-certifications",
    "/certifications",
    "/verify",
    "/pages/verify",
    "/credentials/verify",
)


class NoStoreMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(PREFIXES):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
                ]
                headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_no_store)


def install_no_store(app: FastAPI) -> None:
    """Add the middleware to ``app``."""
    app.add_middleware(NoStoreMiddleware)
