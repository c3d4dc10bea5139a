"""Failed sign-ins throttled per login and per client address, in a sliding window.

In memory, so each process counts its own failures: with N workers an attacker gets up to N
times the budget. docs/decisions/0503 records why that is accepted for now.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

from domain.errors import TooManyAttemptsError


class LoginThrottle:
    """Refuses sign-in attempts once a login or an address has too many recent failures.

    The login is any identifier tried (e-mail, username, client id, session id), known or
    not, so throttling answers alike for accounts that exist and those that do not.
    """

    def __init__(
        self,
        *,
        max_per_login: int,
        max_per_address: int,
        window_seconds: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {"login": max_per_login, "address": max_per_address}
        self._window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, login: str, address: str) -> None:
        """Raise ``TooManyAttemptsError`` if either key is over its limit."""
        now = self._clock()
        with self._lock:
            for kind, key in self._keys(login, address):
                recent = self._recent(key, now)
                if len(recent) >= self._limits[kind]:
                    retry_after = max(1, int(recent[0] + self._window - now) + 1)
                    raise TooManyAttemptsError(
                        "too many failed sign-ins; try again later", retry_after=retry_after
                    )

    def record_failure(self, login: str, address: str) -> None:
        """Count one failure against the login and the address."""
        now = self._clock()
        with self._lock:
            for _, key in self._keys(login, address):
                self._recent(key, now).append(now)

    def record_success(self, login: str) -> None:
        """Forget the login's failures (the address keeps its count)."""
        with self._lock:
            self._failures.pop(self._login_key(login), None)

    def _recent(self, key: str, now: float) -> deque[float]:
        recent = self._failures[key]
        while recent and recent[0] <= now - self._window:
            recent.popleft()
        return recent

    def _keys(self, login: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("login", self._login_key(login)), ("address", f"address:{address}")

    @staticmethod
    def _login_key(login: str) -> str:
        # Hashed so that process memory holds no e-mail addresses.
        return "login:" + hashlib.sha256(login.strip().lower().encode("utf-8")).hexdigest()
