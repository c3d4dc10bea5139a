"""The verification throttle alone: windows, client addresses, no thread per hit."""

from __future__ import annotations

import threading
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
