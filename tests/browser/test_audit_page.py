"""The audit report page in a real browser: an auditor signs in and reads a session's audit."""

from __future__ import annotations

from typing import Any

from api.demos import DEMO_START
from api.demos.certification import run_certification_demo
from tests.browser.conftest import ARTIFACTS, PASSWORD, LiveServer
from tests.contracts.audit_session_contract import session_id_of


def _quiet(_: str) -> None:
    pass


def test_an_auditor_reads_the_replay_verdict_and_the_proofs_of_a_session(
    live_server: LiveServer, page: Any
) -> None:
    container = live_server.app.state.container
    assert run_certification_demo(container, _quiet, start=DEMO_START, seed=7) == 0
    container.runners["audit_log"].catch_up()
    assert container.audit.checkpointer.issue() is not None
    session_id = session_id_of(container)
    login, _ = live_server.staff("AUDITOR")
    # The report replays ten courses (about 300 questions) and proves every event: give it
    # time on a loaded machine.
    page.set_default_timeout(90_000)
    page.goto(f"{live_server.url}/pages/audit/sessions/{session_id}")
    assert page.url.startswith(f"{live_server.url}/pages/sign-in")
    page.get_by_label("E-mail or username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    report = f"{live_server.url}/pages/audit/sessions/{session_id}"
    if page.url != report:  # sign-in returns to the page asked for; go there if it did not
        page.goto(report)
    page.get_by_role("heading", name=f"Audit of session {session_id}").wait_for()
    assert "no difference" in page.locator("#replay-verdict").inner_text()
    rows = page.locator("#history tbody tr")
    assert rows.count() > 100
    page.get_by_text("inclusion proof").first.click()
    assert "certledger-inclusion/v1" in page.locator("#history").inner_text()
    # The whole page is hundreds of rows long: the first screen is what people look at.
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "audit-session.png"))
