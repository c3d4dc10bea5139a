"""The verification throttle: per client address and overall, shared by every server process.

``limits`` moving windows, in Redis when ``CERTLEDGER_REDIS_URL`` is set (every process counts
in the same buckets) and in memory otherwise (the embedded default: one process). The client
address is the socket's peer unless that peer is a configured trusted proxy; then it is the
right-most ``X-Forwarded-For`` hop that is not itself a trusted proxy.
"""

from __future__ import annotations

import bisect
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
    """``limits``' memory storage for moving windows: purged once a second, hits as floats.

    The stock storage starts a ``threading.Timer`` to purge whenever the previous one has
    finished, i.e. on nearly every hit under load, and ``Thread.start`` makes the caller (the
    event loop) wait until the OS schedules the new thread: milliseconds on a busy machine.
    It also keeps each window's hits as objects, newest first, inserting every hit at the front,
    which moves the whole list (~45 us per hit once a busy site's overall window holds 100,000
    hits), and the garbage collector walks every one of those objects. Here a window is the
    times of its hits, oldest first: a hit is an append, a purge cuts a prefix, and floats are
    not tracked by the collector. Windows are checked exactly as the stock storage checks them.
    """

    def __init__(self) -> None:
        super().__init__()
        self._last_sweep = time.monotonic()
        self._hits: dict[str, list[float]] = {}
        self._expiry: dict[str, float] = {}

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 (overrides the private hook)
        now = time.monotonic()
        if now - self._last_sweep >= _SWEEP_EVERY_S:
            self._last_sweep = now
            self._MemoryStorage__expire_events()

    def _MemoryStorage__expire_events(self) -> None:  # noqa: N802 (overrides the private hook)
        now = time.time()
        for key in list(self._hits):
            with self.locks[key]:
                hits = self._hits.get(key, [])
                del hits[: bisect.bisect_right(hits, now - self._expiry.get(key, 0.0))]
                if not hits:
                    self._hits.pop(key, None)
                    self.locks.pop(key, None)
        for key in list(self.expirations):
            if self.expirations[key] <= now:
                self.storage.pop(key, None)
                self.expirations.pop(key, None)
                self.locks.pop(key, None)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        self._MemoryStorage__schedule_expiry()
        with self.locks[key]:
            hits = self._hits.setdefault(key, [])
            self._expiry[key] = expiry
            now = time.time()
            # The stock check: refused if the ``limit - amount + 1``-th newest hit is still
            # inside the window.
            nth = limit - amount + 1
            if len(hits) >= nth and hits[-nth] >= now - expiry:
                return False
            hits.extend([now] * amount)
            return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """(start of the window: its oldest hit's time, how many hits it holds)."""
        now = time.time()
        hits = self._hits.get(key, [])
        first = bisect.bisect_right(hits, now - expiry)
        if first < len(hits):
            return hits[first], len(hits) - first
        return now, 0

    def clear(self, key: str) -> None:
        super().clear(key)
        self._hits.pop(key, None)

    def reset(self) -> int | None:
        windows = len(self._hits)
        self._hits.clear()
        return max(windows, super().reset() or 0)


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
