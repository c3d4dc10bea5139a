"""The jury's pages in a real browser: queue, session, course with its chart, reject, publish."""

from __future__ import annotations

import time
from typing import Any

from jury.application import JuryLedger
from tests.browser.conftest import PASSWORD, LiveServer, screenshot
from tests.contracts.jury_contract import JuryContract


def test_a_reviewer_rejects_a_certification_with_a_reason_and_publishes_the_session(
    live_server: LiveServer, page: Any
) -> None:
    # given a finalised session on the live server, and a jury reviewer's account
    ledger = live_server.ledger
    assert isinstance(ledger, JuryLedger)
    session_id, _, courses = JuryContract().sat_session(ledger)
    login, _ = live_server.staff("JURY")

    # when the reviewer opens the queue, they are asked to sign in first
    page.goto(f"{live_server.url}/pages/jury/")
    page.get_by_label("E-mail or username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Work queue").wait_for()
    deadline = time.monotonic() + 15  # the queue is a view kept up to date in the background
    while not page.get_by_role("link", name=str(session_id)[:8]).count():
        assert time.monotonic() < deadline, "the session never reached the queue"
        page.reload()
    screenshot(page, "jury-queue")

    # and opens the session, then the first candidate's course
    page.get_by_role("link", name=str(session_id)[:8]).click()
    page.get_by_role("heading", name="Certifications").wait_for()
    screenshot(page, "jury-session")
    page.get_by_role("link", name="Léa Dupont").click()
    page.get_by_role("heading", name="Capacity estimate").wait_for()

    # then the capacity chart shows the estimate and its band over the 32 answers
    chart = page.locator("svg.chart")
    assert chart.is_visible()
    assert chart.locator("circle").count() == 32
    assert chart.locator("polygon.band").count() == 1
    assert page.locator("#timeline tbody tr").count() == 32
    screenshot(page, "jury-course-chart")

    # a decision sent without a reason (the browser's own check removed) is refused
    form = page.get_by_role("form", name="Cancel the certification")
    form.get_by_label("Reason (required)").evaluate("e => e.removeAttribute('required')")
    form.get_by_label("Reason (required)").fill("   ")
    form.get_by_role("button", name="Cancel the certification").click()
    page.get_by_text("reason_required").wait_for()
    screenshot(page, "jury-decision-without-reason")
    page.go_back()

    # when they reject it for fraud with a reason
    form = page.get_by_role("form", name="Reject for fraud")
    form.get_by_label("Reason (required)").fill("a phone was seen on the desk")
    form.get_by_role("button", name="Reject for fraud").click()
    page.get_by_role("status").wait_for()
    assert "Reject for fraud: done" in page.get_by_role("status").inner_text()
    assert page.locator("#current-status").inner_text() == "rejected"
    rows = page.locator("#history tbody tr")
    assert rows.count() == 2
    assert "a phone was seen on the desk" in rows.nth(1).inner_text()
    assert "JURY" in rows.nth(1).inner_text()
    screenshot(page, "jury-course-rejected")

    # and publishes the session
    page.get_by_role("link", name="← Session").click()
    page.get_by_role("button", name="Publish the session").click()
    page.get_by_role("status").wait_for()
    assert "Session published" in page.get_by_role("status").inner_text()
    assert page.get_by_role("button", name="Unpublish").is_visible()
    screenshot(page, "jury-session-published")
    deliberation = ledger.find_deliberation(session_id)
    assert deliberation is not None
    assert set(deliberation.published_course_ids) == set(courses)
