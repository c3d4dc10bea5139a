"""Sign-in in a real browser: cookie session, CSRF on forms, sign-out."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.conftest import PASSWORD, LiveServer, screenshot


def test_a_staff_member_signs_in_sees_the_home_page_and_signs_out(
    live_server: LiveServer, page: Any
) -> None:
    login, _ = live_server.staff("JURY")
    page.goto(f"{live_server.url}/pages/")
    assert page.url.startswith(f"{live_server.url}/pages/sign-in")
    screenshot(page, "sign-in")
    page.get_by_label("E-mail or username").fill(login)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert "wrong" in page.get_by_role("alert").inner_text()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome").wait_for()
    assert "Signed in as JURY" in page.content()
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["certledger_session"]
    assert session["httpOnly"]
    assert session["sameSite"] == "Strict"
    screenshot(page, "home")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.goto(f"{live_server.url}/pages/")
    assert page.url.startswith(f"{live_server.url}/pages/sign-in")


def test_a_form_posted_without_its_csrf_token_is_refused(
    live_server: LiveServer, page: Any
) -> None:
    login, _ = live_server.staff("JURY")
    page.goto(f"{live_server.url}/pages/sign-in")
    page.get_by_label("E-mail or username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome").wait_for()
    # The sign-out form, its token removed in the page, as a forged form would lack it.
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("csrf_token_invalid").wait_for()
    screenshot(page, "csrf-refused")
    # Still signed in: the refused form changed nothing.
    page.goto(f"{live_server.url}/pages/")
    page.get_by_role("heading", name="Welcome").wait_for()
    # A sign-in posted from elsewhere (no cookie, no token) is refused too.
    response = httpx.post(
        f"{live_server.url}/pages/sign-in", data={"login": login, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "csrf_token_invalid" in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
