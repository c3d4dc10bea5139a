"""The verification throttle: per client address and overall, shared by every server process.

``limits`` moving windows, in Redis when ``CERTLEDGER_REDIS_URL`` is set (every process counts
in the same buckets) and in memory otherwise (the embedded default: one process). The client
address is the socket's peer unless that peer is a configured trusted proxy; then it is the
right-most ``X-Forwarded-For`` hop that is not itself a trusted proxy.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.requests import Request

from api.settings import Settings
from domain.credentials.errors import VerificationThrottledError

_NAMESPACE = "certledger-verification"
_SWEEP_EVERY_S = 1.0


class SweptMemoryStorage(MemoryStorage):
    """``limits``' memory storage, purging expired entries once a second on the request path.

    The stock storage starts a ``threading.Timer`` to purge whenever the previous one has
    finished, i.e. on nearly every hit under load, and ``Thread.start`` makes the caller (the
    event loop) wait until the OS schedules the new thread: milliseconds on a busy machine.
    Windows are still checked exactly by the strategy; only the purge is batched.
    """

    def __init__(self) -> None:
        super().__init__()
        self._last_sweep = time.monotonic()

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 (overrides the private hook)
        now = time.monotonic()
        if now - self._last_sweep >= _SWEEP_EVERY_S:
            self._last_sweep = now
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


class VerificationThrottle:
    """``check(address)`` counts one attempt or raises ``VerificationThrottledError``."""

    def __init__(
        self,
        storage_uri: str,
        per_address: str,
        overall: str,
        trusted_proxies: frozenset[str] = frozenset(),
    ) -> None:
        storage = storage_from_string(storage_uri) if storage_uri != "memory://" else None
        assert storage is None or isinstance(storage, Storage), "a synchronous storage"
        self.storage: Storage = storage or SweptMemoryStorage()
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.per_address: RateLimitItem = parse(per_address)
        self.overall: RateLimitItem = parse(overall)
        self.trusted_proxies = trusted_proxies

    @classmethod
    def from_settings(cls, settings: Settings) -> VerificationThrottle:
        """Redis when configured, memory otherwise."""
        uri = settings.redis_url.get_secret_value() if settings.redis_url else "memory://"
        return cls(
            uri,
            settings.verification_limit_per_address,
            settings.verification_limit_overall,
            frozenset(settings.trusted_proxies),
        )

    def client_address(self, request: Request) -> str:
        """Who is asking: the socket peer, or the forwarded client behind a trusted proxy."""
        peer = request.client.host if request.client else "unknown"
        if peer not in self.trusted_proxies:
            return peer
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
        for hop in reversed([h for h in hops if h]):
            if hop not in self.trusted_proxies:
                return hop
        return peer

    def check(self, address: str) -> None:
        """Count an attempt from ``address``; refuse it when either window is full.

        The overall window is tested before it is hit, so one address flooding past its own
        limit does not use up everyone else's allowance.
        """
        if not self.limiter.hit(self.per_address, _NAMESPACE, "address", address):
            raise VerificationThrottledError(
                "too many verification requests from this address",
                self._retry_after(self.per_address, "address", address),
            )
        if not self.limiter.hit(self.overall, _NAMESPACE, "overall"):
            raise VerificationThrottledError(
                "too many verification requests; try again shortly",
                self._retry_after(self.overall, "overall"),
            )

    def _retry_after(self, item: RateLimitItem, *keys: str) -> int:
        reset_at = self.limiter.get_window_stats(item, _NAMESPACE, *keys).reset_time
        return max(1, math.ceil(reset_at - time.time()))
