"""Failed sign-ins slowed per (login, address) pair with an exponential delay, and capped per
address; counted in memory, or in Redis (``CERTLEDGER_REDIS_URL``) so that every server
process shares one count.

Why pairs: a limit per login alone lets anyone lock an owner out by failing on purpose (five
wrong invigilator passwords for a session id used to shut its invigilator out for 15 minutes).
Keyed on the pair, an attacker's failures delay only the attacker's own address; the owner,
from theirs, signs in as usual. From one address, each failure past the free ones doubles the
wait (1 s, 2 s, 4 s... up to the window), which bounds online guessing; an address failing on
many logins is refused once over its own limit. ADR 1301 records the choice.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

from domain.errors import TooManyAttemptsError

BASE_DELAY_SECONDS = 1.0


class FailureLog(ABC):
    """Failure instants per key, kept for ``window`` seconds."""

    @abstractmethod
    def recent(self, key: str, now: float, window: float) -> tuple[int, float | None]:
        """How many failures ``key`` has in the window, and when the latest one was."""

    @abstractmethod
    def add(self, key: str, now: float, window: float) -> None:
        """Record one failure of ``key`` at ``now``."""

    @abstractmethod
    def clear(self, key: str) -> None:
        """Forget ``key``'s failures."""


class MemoryFailureLog(FailureLog):
    """One process's count (``serve --workers N`` multiplies the budget by N)."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def recent(self, key: str, now: float, window: float) -> tuple[int, float | None]:
        with self._lock:
            times = self._trimmed(key, now, window)
            return len(times), (times[-1] if times else None)

    def add(self, key: str, now: float, window: float) -> None:
        with self._lock:
            self._trimmed(key, now, window).append(now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _trimmed(self, key: str, now: float, window: float) -> deque[float]:
        times = self._failures[key]
        while times and times[0] <= now - window:
            times.popleft()
        if not times:
            del self._failures[key]
            times = self._failures[key]
        return times


class RedisFailureLog(FailureLog):
    """Counts shared by every process through Redis: one sorted set of instants per key."""

    def __init__(self, client: Any, prefix: str = "certledger:throttle:") -> None:
        self._redis = client
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str) -> RedisFailureLog:
        """A log on the Redis server at ``url`` (``redis://host:port/db``)."""
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2))

    def recent(self, key: str, now: float, window: float) -> tuple[int, float | None]:
        name = self._prefix + key
        pipe = self._redis.pipeline()
        pipe.zremrangebyscore(name, "-inf", now - window)
        pipe.zcard(name)
        pipe.zrange(name, -1, -1, withscores=True)
        _, count, last = pipe.execute()
        return int(count), (float(last[0][1]) if last else None)

    def add(self, key: str, now: float, window: float) -> None:
        name = self._prefix + key
        pipe = self._redis.pipeline()
        pipe.zadd(name, {uuid.uuid4().hex: now})
        pipe.expire(name, math.ceil(window) + 1)
        pipe.execute()

    def clear(self, key: str) -> None:
        self._redis.delete(self._prefix + key)

    def close(self) -> None:
        """Release the connection pool."""
        self._redis.close()


class LoginThrottle:
    """Refuses sign-in attempts while their (login, address) pair or their address must wait.

    The login is any identifier tried (e-mail, username, client id, session id), known or
    not, so throttling answers alike for accounts that exist and those that do not.
    ``free_failures`` failures of a pair cost nothing; each further one doubles the wait
    before the pair may try again, up to ``window_seconds``.
    """

    def __init__(
        self,
        *,
        free_failures: int,
        max_per_address: int,
        window_seconds: int,
        log: FailureLog | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._free = free_failures
        self._max_per_address = max_per_address
        self._window = float(window_seconds)
        self._log = log or MemoryFailureLog()
        self._clock = clock

    def check(self, login: str, address: str) -> None:
        """Raise ``TooManyAttemptsError`` if the pair must still wait or the address is over."""
        now = self._clock()
        count, last = self._log.recent(_address_key(address), now, self._window)
        if count >= self._max_per_address and last is not None:
            self._refuse(self._window - (now - last))
        count, last = self._log.recent(_pair_key(login, address), now, self._window)
        if count >= self._free and last is not None:
            delay = min(self._window, BASE_DELAY_SECONDS * 2 ** (count - self._free))
            if now < last + delay:
                self._refuse(last + delay - now)

    def record_failure(self, login: str, address: str) -> None:
        """Count one failure against the pair and the address."""
        now = self._clock()
        self._log.add(_pair_key(login, address), now, self._window)
        self._log.add(_address_key(address), now, self._window)

    def record_success(self, login: str, address: str) -> None:
        """Forget the pair's failures (the address keeps its count)."""
        self._log.clear(_pair_key(login, address))

    def close(self) -> None:
        """Release the log's connections, if it holds any."""
        close = getattr(self._log, "close", None)
        if close is not None:
            close()

    @staticmethod
    def _refuse(wait: float) -> None:
        raise TooManyAttemptsError(
            "too many failed sign-ins; try again later", retry_after=max(1, math.ceil(wait))
        )


def _pair_key(login: str, address: str) -> str:
    # Hashed so that process memory and Redis hold no e-mail addresses.
    digest = hashlib.sha256(f"{login.strip().lower()}|{address}".encode()).hexdigest()
    return f"pair:{digest}"


def _address_key(address: str) -> str:
    return f"address:{hashlib.sha256(address.encode()).hexdigest()}"
