"""The verification throttle alone: windows, client addresses, no thread per hit."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from api.credentials.throttle import VerificationThrottle
from domain.credentials.errors import VerificationThrottledError


class FakeRequest:
    def __init__(self, peer: str, forwarded: str | None = None) -> None:
        self.client = type("Client", (), {"host": peer})()
        self.headers: dict[str, str] = {"x-forwarded-for": forwarded} if forwarded else {}


def address(throttle: VerificationThrottle, peer: str, forwarded: str | None = None) -> str:
    request: Any = FakeRequest(peer, forwarded)
    return throttle.client_address(request)


def test_the_address_is_the_socket_peer_unless_the_peer_is_a_trusted_proxy() -> None:
    throttle = VerificationThrottle("memory://", "5/minute", "50/minute", frozenset({"10.0.0.1"}))
    # A client cannot choose its bucket by sending the header itself.
    assert address(throttle, "203.0.113.7", "198.51.100.1") == "203.0.113.7"
    # Behind the trusted proxy: the right-most hop that is not a trusted proxy.
    assert address(throttle, "10.0.0.1", "198.51.100.1, 203.0.113.9") == "203.0.113.9"
    assert address(throttle, "10.0.0.1", "198.51.100.1, 10.0.0.1") == "198.51.100.1"
    assert address(throttle, "10.0.0.1") == "10.0.0.1"


def test_each_address_has_its_window_and_all_share_the_overall_one() -> None:
    throttle = VerificationThrottle("memory://", "2/minute", "3/minute")
    throttle.check("a")
    throttle.check("a")
    with pytest.raises(VerificationThrottledError) as refused:
        throttle.check("a")
    assert 1 <= refused.value.retry_after <= 60
    throttle.check("b")  # the overall window now holds a, a, b
    with pytest.raises(VerificationThrottledError, match="try again shortly"):
        throttle.check("c")


def test_counting_in_memory_starts_no_thread_per_request() -> None:
    throttle = VerificationThrottle("memory://", "1000/minute", "1000/minute")
    before = threading.active_count()
    for n in range(50):
        throttle.check(f"client-{n % 5}")
    assert threading.active_count() <= before


def test_a_moving_window_frees_as_its_oldest_hits_age_out_and_purges_keep_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    throttle = VerificationThrottle("memory://", "3/minute", "1000/minute")
    for at in (0.0, 10.0, 20.0):
        now[0] = 1_000_000.0 + at
        throttle.check("a")
    now[0] = 1_000_030.0
    with pytest.raises(VerificationThrottledError) as refused:
        throttle.check("a")
    assert refused.value.retry_after == 30  # the hit at 0 leaves the window at 60
    now[0] = 1_000_060.5
    throttle.check("a")  # the first hit aged out: one place free, taken now
    with pytest.raises(VerificationThrottledError) as refused:
        throttle.check("a")
    assert refused.value.retry_after == 10  # the hit at 10 leaves at 70
    storage: Any = throttle.storage
    storage._last_sweep = -1e9  # the next hit purges
    now[0] = 1_000_075.0
    throttle.check("a")  # hits at 0 and 10 are gone: 20, 60.5 and now
    (key,) = [k for k in storage._hits if "/address/" in k]
    assert [t - 1_000_000.0 for t in storage._hits[key]] == [20.0, 60.5, 75.0]
