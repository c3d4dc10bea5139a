"""Pix Orga pages in a real browser: a teacher creates a campaign, follows the class's
results, downloads the CSV, and sees the certifiable pupils; another school's teacher cannot."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import numpy as np

from domain.actors import Actor
from domain.campaigns.simulation import take_campaign
from tests.browser.conftest import PASSWORD, LiveServer, screenshot

SYSTEM = Actor.system("browser-test")


def school_with_pupils(live: LiveServer, uai: str) -> tuple[UUID, str]:
    """A school, its ORGA_ADMIN (login returned), and three pupils of 3A on its list."""
    ledger, now = live.ledger, datetime.now(UTC)
    school = ledger.create_organisation(type="SCO", name=f"Collège {uai}", uai=uai,
                                        created_at=now, actor=SYSTEM)  # fmt: skip
    login, teacher = live.staff("ORGA_ADMIN")
    ledger.add_organisation_member(school, teacher, added_at=now, actor=SYSTEM)
    csv = "first_name,last_name,birthdate,division,national_student_id\n" + "".join(
        f"Pupil{n},Family{n},2011-0{n + 1}-1{n},3A,12345678{n}AB\n" for n in range(3)
    )
    ledger.import_organisation_learners(school, csv.encode(), imported_at=now, actor=SYSTEM)
    return school, login


def sign_in(page: Any, live: LiveServer, login: str) -> None:
    page.goto(f"{live.url}/pages/sign-in")
    page.get_by_label("E-mail or username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome").wait_for()


def test_a_teacher_creates_a_campaign_and_follows_the_class(
    live_server: LiveServer, page: Any
) -> None:
    ledger = live_server.ledger
    school, login = school_with_pupils(live_server, "0751212K")
    sign_in(page, live_server, login)
    page.get_by_role("link", name="Organisations (Pix Orga)").click()
    page.get_by_role("link", name="Collège 0751212K").click()
    # a refused form is shown again with its stable code
    page.get_by_label("Name").fill("Sans profil")
    page.get_by_role("button", name="Create the campaign").click()
    assert "campaign_invalid" in page.get_by_role("alert").inner_text()
    page.get_by_label("Name").fill("Recherche 3A")
    page.get_by_label("Target profile (assessment)").select_option("searching-level-2")
    page.get_by_role("button", name="Create the campaign").click()
    page.get_by_role("heading", name="Recherche 3A").wait_for()
    code = page.locator("#campaign-code").inner_text()
    campaign = ledger.find_campaign_by_code(code)
    assert campaign.organisation_id == school
    # when two pupils take it and share, one only joins
    rng = np.random.default_rng(3)
    for n in range(3):
        user = ledger.register_learner(
            password=PASSWORD, first_name=f"pupil{n}", last_name=f"FAMILY{n}",
            birthdate=date(2011, n + 1, 10 + n), username=f"p-{uuid4().hex[:10]}",
            registered_at=datetime.now(UTC), actor=SYSTEM,
        )  # fmt: skip
        me, now = Actor(id=str(user), role="LEARNER"), datetime.now(UTC)
        ledger.join_campaign(code, user, joined_at=now, actor=me)
        if n < 2:
            ended = take_campaign(ledger, campaign.id, user, 2.0 + 3 * n, rng, start=now,
                                  actor=me).ended_at  # fmt: skip
            ledger.share_campaign_results(campaign.id, user, shared_at=ended, actor=me)
    live_server.app.state.container.runners["campaign_results"].catch_up()
    page.reload()
    rows = page.locator("#participants tbody tr")
    assert rows.count() == 3
    table = rows.all_inner_texts()
    assert table[0].startswith("Family0 Pupil0")
    assert "SHARED" in table[0]
    assert "STARTED" in table[2]
    collective = page.locator("#collective").inner_text()
    assert "shared 2" in collective
    assert "started 1" in collective
    screenshot(page, "campaign-results")
    download = page.request.get(f"{live_server.url}/pages/campaigns/{campaign.id}/export")
    assert download.status == 200
    lines = download.text().lstrip("\ufeff").splitlines()
    assert len(lines) == 4
    assert lines[1].startswith(f"Collège 0751212K,{campaign.id},{code}")
    # and a teacher of another school is refused, with the stable code
    _, other = school_with_pupils(live_server, "0751313L")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, other)
    page.goto(f"{live_server.url}/pages/campaigns/{campaign.id}")
    page.get_by_text("out_of_scope").wait_for()
    screenshot(page, "campaign-out-of-scope")


def test_the_division_page_lists_the_certifiable_pupils(live_server: LiveServer, page: Any) -> None:
    ledger = live_server.ledger
    school, login = school_with_pupils(live_server, "0751414M")
    created = ledger.create_campaign(school, type="PROFILES_COLLECTION", name="Profils",
                                     created_at=datetime.now(UTC), actor=SYSTEM,
                                     rng=random.Random(1))  # fmt: skip
    user = ledger.register_learner(
        password=PASSWORD, first_name="Pupil1", last_name="Family1", birthdate=date(2011, 2, 11),
        username=f"p-{uuid4().hex[:10]}", registered_at=datetime.now(UTC), actor=SYSTEM,
    )  # fmt: skip
    me, now = Actor(id=str(user), role="LEARNER"), datetime.now(UTC)
    ledger.join_campaign(created.code, user, joined_at=now, actor=me)
    ledger.share_campaign_results(created.campaign_id, user, shared_at=now, actor=me)
    live_server.app.state.container.runners["campaign_results"].catch_up()
    sign_in(page, live_server, login)
    page.goto(f"{live_server.url}/pages/organisations/{school}")
    page.get_by_role("link", name="3A").click()
    page.get_by_role("heading", name="3A: certifiable pupils").wait_for()
    rows = page.locator("#pupils tbody tr").all_inner_texts()
    assert len(rows) == 3
    assert "no profile sent" in rows[0]
    assert "no" in rows[1]
    assert "no profile sent" in rows[2]
    screenshot(page, "division-certifiable")
