"""A light HTTP/1.1 client for load generators: one keep-alive connection, raw bytes.

httpx costs about 1-2 ms of CPU per request; on a 2-core machine shared with the server that
is a quarter of the machine taken from what is measured. This client writes the request bytes
itself and reads the reply by ``Content-Length`` (what uvicorn sends): about a tenth of that.
It speaks only what the benchmarks need: JSON bodies, a bearer token, one request at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

IDLE_RECONNECT_S = 4.0
"""uvicorn closes idle keep-alive connections after 5 s: reconnect before sending after this."""


class HTTPError(Exception):
    """A reply outside 2xx (status and body kept for the report)."""

    def __init__(self, status: int, body: bytes, path: str) -> None:
        super().__init__(f"{status} on {path}: {body[:200]!r}")
        self.status = status


class Connection:
    """One keep-alive connection to ``host:port``; ``request`` returns the decoded JSON."""

    def __init__(self, host: str, port: int, token: str | None = None) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.last_used = 0.0
        self.auth = f"Authorization: Bearer {token}\r\n".encode() if token else b""
        self.head = f"Host: {host}:{port}\r\n".encode()

    async def _open(self) -> None:
        await self.close()
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        """Close the connection (if open)."""
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: Any = None) -> Any:
        """Send one request and return the JSON reply; ``HTTPError`` outside 2xx."""
        now = time.monotonic()
        if self.writer is None or now - self.last_used > IDLE_RECONNECT_S:
            await self._open()
        assert self.reader is not None
        assert self.writer is not None
        payload = b"" if body is None else json.dumps(body).encode()
        self.writer.write(
            b"%s %s HTTP/1.1\r\n%s%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (method.encode(), path.encode(), self.head, self.auth, len(payload), payload)
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
                break
        data = await self.reader.readexactly(length) if length else b""
        self.last_used = time.monotonic()
        if not 200 <= status < 300:
            raise HTTPError(status, data, path)
        return json.loads(data) if data else None
