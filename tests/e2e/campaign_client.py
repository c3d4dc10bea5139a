"""Client helpers for the campaign journeys: a school, its members and learners, over HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from uuid import uuid4

from fastapi.testclient import TestClient

from domain.bank import ItemBank
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from domain.positioning.simulation import wrong_answer
from tests.e2e.api_client import bearer, call

PASSWORD = "correct-horse-battery-42"
PUPILS = (  # first name, last name, birthdate, division, INE
    ("Awa", "Diallo", "2011-02-03", "3A", "123456789AA"),
    ("Bastien", "Leroy", "2011-05-06", "3A", "123456789BB"),
    ("Chloé", "Martin", "2011-07-08", "3B", "123456789CC"),
    ("Dylan", "=HYPERLINK(1)", "2011-09-10", "3B", "123456789DD"),
    ("Emma", "Petit", "2011-11-12", "3A", "123456789EE"),
)


def pupils_csv(pupils: tuple[tuple[str, str, str, str, str], ...] = PUPILS) -> str:
    rows = ["first_name,last_name,birthdate,division,national_student_id"]
    rows += [",".join(p) for p in pupils]
    return "\n".join(rows) + "\n"


def sign_in(client: TestClient, login: str, password: str = PASSWORD) -> dict[str, str]:
    body = {"grant_type": "password", "username": login, "password": password}
    token = call(client, "POST", "/auth/token", 200, json=body)
    return {"Authorization": f"Bearer {token['access_token']}"}


def open_school(client: TestClient, uai: str = "0751234A") -> tuple[str, dict[str, str]]:
    """A school opened by an administrator, and its ORGA_ADMIN signed in."""
    admin = bearer(client, "SUPER_ADMIN")
    body = {"type": "SCO", "name": "Collège Jean Moulin", "uai": uai}
    organisation = call(client, "POST", "/organisations", 201, headers=admin, json=body)
    email = f"orga-{uuid4().hex[:8]}@example.org"
    member = {
        "role": "ORGA_ADMIN",
        "email": email,
        "password": PASSWORD,
        "first_name": "Prof",
        "last_name": "Principal",
    }
    path = f"/organisations/{organisation['id']}/member-accounts"
    call(client, "POST", path, 201, headers=admin, json=member)
    return organisation["id"], sign_in(client, email)


def register_pupil(client: TestClient, pupil: tuple[str, str, str, str, str]) -> dict[str, str]:
    """The pupil's own learner account (same identity as the school's list), signed in."""
    username = f"pupil-{uuid4().hex[:10]}"
    body = {
        "username": username,
        "password": PASSWORD,
        "first_name": pupil[0],
        "last_name": pupil[1],
        "birthdate": pupil[2],
    }
    call(client, "POST", "/accounts/learners", 201, json=body)
    return sign_in(client, username)


Policy = Callable[[int], bool]
"""Whether to answer right a challenge of this skill difficulty."""


def take(
    client: TestClient, bank: ItemBank, campaign_id: str, auth: dict[str, str], right: Policy
) -> list[dict[str, Any]]:
    """Answer until the assessment ends; return every knowledge element recorded, in order."""
    base = f"/campaign-participations/{campaign_id}"
    elements: list[dict[str, Any]] = []
    for _ in range(200):
        nxt = call(client, "POST", f"{base}/next-challenge", 200, headers=auth)
        if nxt["completed"]:
            return elements
        challenge = bank.challenge(nxt["challenge"]["id"])
        ok = right(bank.skill(challenge.skill_id).difficulty)
        value = solution_as_answer(checkable(challenge)) if ok else wrong_answer(challenge)
        body = {"challenge_id": challenge.id, "value": value}
        answer = call(client, "POST", f"{base}/answers", 200, headers=auth, json=body)
        assert answer["status"] == ("ok" if ok else "ko")
        elements += answer["knowledge_elements"]
    raise AssertionError("the assessment never ended")


def wait_for(fetch: Callable[[], Any], done: Callable[[Any], bool], seconds: float = 10) -> Any:
    """Poll ``fetch`` until ``done`` holds (the views follow the ledger within a moment)."""
    deadline = time.monotonic() + seconds
    while True:
        found = fetch()
        if done(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
