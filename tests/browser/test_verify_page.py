"""The employer's verification page in a browser: valid, expired, revoked, unknown, throttled."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.settings import Settings
from tests.browser.conftest import LiveServer, screenshot
from tests.conftest import TEST_TOKEN_KEYS
from tests.contracts.certificates_story import Seat, publish, record_session, unpublish


@pytest.fixture
def postgres_settings(postgres_url: str, tmp_path: Path) -> Settings:
    # Five verifications a minute from one address: the sixth of this story is throttled.
    return Settings(
        database_url=postgres_url,
        home=tmp_path,
        postgres_pool_size=2,
        verification_limit_per_address="5/minute",
        token_keys=TEST_TOKEN_KEYS,
    )


def seed(server: LiveServer) -> None:
    now = datetime.now(UTC)
    ledger = server.ledger
    valid = Seat("Émilie", "Dupré", code="P-BCDFGH23")
    revoked = Seat("Bob", "Martin", code="P-XYWVTR98")
    expired = Seat("Chloé", "Durand", code="P-2346789B")
    recent = record_session(ledger, [valid, revoked], taken_at=now - timedelta(days=20))
    old = record_session(ledger, [expired], taken_at=now - timedelta(days=3 * 366 + 20))
    publish(ledger, recent, [valid.course, revoked.course], now - timedelta(days=10))
    publish(ledger, old, [expired.course], now - timedelta(days=3 * 366 + 10))
    # Withdrawn, then published again without ``revoked``'s course (withheld by the jury).
    unpublish(ledger, recent, now - timedelta(days=1))
    publish(ledger, recent, [valid.course], now - timedelta(hours=1))
    wait_for_view(server, expired.course)


def wait_for_view(server: LiveServer, course_id: Any) -> None:
    view = server.app.state.container.view("certificates")
    deadline = time.monotonic() + 20
    head = server.ledger.recorder.max_notification_id()
    runner = server.app.state.container.runners["certificates"]
    while runner.position() < head:
        assert time.monotonic() < deadline, "the certificates view did not catch up"
        time.sleep(0.05)
    assert view.course(course_id) is not None


def verify(page: Any, server: LiveServer, code: str) -> None:
    page.goto(f"{server.url}/pages/verify")
    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Verify").click()


def test_an_employer_verifies_valid_expired_revoked_unknown_then_is_throttled(
    live_server: LiveServer, page: Any
) -> None:
    seed(live_server)

    verify(page, live_server, "p-bcdfgh23")
    status = page.locator("#validity")
    status.wait_for()
    assert "Valid" in status.inner_text()
    assert "Émilie Dupré" in page.get_by_role("heading", level=2).inner_text()
    assert page.locator("#score").inner_text() == "412 / 895"
    checks = page.locator("#checks").inner_text()
    # Signature, dates, status; the ledger receipt checks out too once a checkpoint covers it.
    assert checks.count("checks out") in (3, 4), checks
    assert "fails" not in checks, checks
    receipt = page.locator("#ledger-receipt").inner_text()
    assert receipt == "not yet covered by a signed checkpoint" or receipt.startswith(
        "recorded in the ledger: checked against checkpoint "
    ), receipt
    assert page.url == f"{live_server.url}/pages/verify"  # the code never went into the URL
    screenshot(page, "verify-valid")

    verify(page, live_server, "P-2346789B")
    assert "Expired" in page.locator("#validity").inner_text()
    assert "Dates: fails" in page.locator("#checks").inner_text()
    screenshot(page, "verify-expired")

    verify(page, live_server, "P-XYWVTR98")
    text = page.locator("#validity").inner_text()
    assert "Revoked" in text
    assert "withdrawn by the jury" in text
    assert "Status: fails" in page.locator("#checks").inner_text()
    assert page.locator("#score").count() == 0  # a revoked certificate shows no results
    screenshot(page, "verify-revoked")

    verify(page, live_server, "P-9876432B")
    assert "no certificate matches" in page.get_by_role("alert").inner_text()
    screenshot(page, "verify-unknown")

    verify(page, live_server, "P-9876432C")  # the fifth attempt this minute still answers
    page.get_by_role("alert").wait_for()
    verify(page, live_server, "P-BCDFGH23")
    alert = page.get_by_role("alert")
    assert "too many verification requests" in alert.inner_text()
    assert alert.get_attribute("data-code") == "verification_throttled"
    screenshot(page, "verify-throttled")
