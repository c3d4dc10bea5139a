"""A whole certification session over HTTP on PostgreSQL, from creation to scored results."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_clock, get_rng
from api.settings import Settings
from domain.actors import Actor
from domain.bank import load_default_bank
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from domain.positioning.simulation import position_learner, wrong_answer
from tests.e2e.api_client import FakeClock, bearer, call, register

pytestmark = pytest.mark.postgres

CSV = (
    "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,birth_city,billing_mode\n"
    "Léa,Dupont,F,2005-03-14,FRANCE,75056,,FREE\n"
    "Amine,Haddad,M,2004-11-02,Maroc,,Rabat,PAID\n"
    "Zoé,Martin,F,2006-01-30,FRANCE,69123,,FREE\n"
)
IDENTITIES = [
    ("Léa", "Dupont", "2005-03-14"),
    ("Amine", "Haddad", "2004-11-02"),
    ("Zoé", "Martin", "2006-01-30"),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(postgres_settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(postgres_settings.model_copy(update={"projection_poll_interval": 0.05}))
    app.dependency_overrides[get_clock] = lambda: clock
    app.dependency_overrides[get_rng] = lambda: np.random.default_rng(7)
    with TestClient(app) as c:
        yield c


def certifiable_learner(
    client: TestClient, clock: FakeClock, seed: int
) -> tuple[UUID, dict[str, str]]:
    """Given: a registered learner whose profile was built on five competences weeks ago."""
    learner, auth = register(client)
    ledger = client.app.state.container.ledger  # type: ignore[attr-defined]
    actor = Actor(id=learner, role="LEARNER")
    for code in ("1.1", "2.1", "3.1", "4.1", "5.1"):
        position_learner(
            ledger,
            UUID(learner),
            code,
            4.0,
            np.random.default_rng(seed),
            start=clock.now - timedelta(days=30),
            actor=actor,
        )
    return UUID(learner), auth


def sit(client: TestClient, course: str, auth: dict[str, str], theta: float, answers: int) -> int:
    """The candidate answers up to ``answers`` questions, right with the IRT probability."""
    bank, rng, given = load_default_bank(), np.random.default_rng(int(theta * 100) + answers), 0
    question = call(client, "POST", f"/courses/{course}/next-question", 200, headers=auth)
    assert call(client, "POST", f"/courses/{course}/next-question", 200, headers=auth) == question
    while given < answers and question is not None and question["challenge"] is not None:
        challenge = bank.challenge(question["challenge"]["id"])
        assert "solution" not in question["challenge"]
        a, b = challenge.calibration.discriminant, challenge.calibration.difficulty
        right = rng.random() < 1 / (1 + math.exp(-a * (theta - b)))
        value = solution_as_answer(checkable(challenge)) if right else wrong_answer(challenge)
        body = {"challenge_id": challenge.id, "value": value}
        first = call(client, "POST", f"/courses/{course}/answers", 200, headers=auth, json=body)
        again = call(client, "POST", f"/courses/{course}/answers", 200, headers=auth, json=body)
        assert again == first  # idempotent: recorded once, same status, same next question
        given += 1
        if first["state"] != "started":
            assert first["next_question"] is None
            break
        question = first["next_question"]
        assert question["question_number"] == given + 1
    return given


def test_a_whole_session_from_creation_to_scored_results(
    client: TestClient, clock: FakeClock
) -> None:
    # given a centre, its admin, and a session with three candidates imported from a CSV file
    admin = bearer(client, "SUPER_ADMIN")
    centre = call(
        client,
        "POST",
        "/centres",
        201,
        headers=admin,
        json={"name": "Centre Pix Lyon", "centre_type": "PRO"},
    )
    staff = bearer(client, "CENTER_ADMIN", centre_ids=frozenset({UUID(centre["id"])}))
    details = {
        "address": "Campus Part-Dieu",
        "room": "B12",
        "examiner": "M. Martin",
        "date": "2026-11-22",
        "time": "09:00",
    }
    session = call(
        client, "POST", f"/centres/{centre['id']}/sessions", 201, headers=staff, json=details
    )
    sid = session["id"]
    csv_headers = {**staff, "content-type": "text/csv"}
    bad = call(
        client,
        "POST",
        f"/sessions/{sid}/candidates/import",
        422,
        headers=csv_headers,
        content=(CSV + "Noé,,X,1899-01-01,FRANCE,75056,,FREE\n").encode(),
    )
    assert bad["code"] == "invalid_candidate_import"
    assert {p["line"] for p in bad["problems"]} == {5}
    imported = call(
        client,
        "POST",
        f"/sessions/{sid}/candidates/import",
        201,
        headers=csv_headers,
        content=CSV.encode(),
    )
    assert len(imported["candidate_ids"]) == 3
    other_centre = bearer(client, "CENTER_ADMIN", centre_ids=frozenset())
    call(client, "GET", f"/sessions/{sid}/candidates", 403, headers=other_centre)

    # and three certifiable learners who reconcile with their enrolment
    learners = [certifiable_learner(client, clock, seed) for seed in range(3)]
    for (first, last, birthdate), (_, auth) in zip(IDENTITIES, learners, strict=True):
        body = {"first_name": first.upper(), "last_name": last, "birthdate": birthdate}
        call(client, "POST", f"/sessions/{sid}/reconciliation", 204, headers=auth, json=body)

    # when the invigilator signs in with the session password and confirms everyone's presence
    token = call(
        client,
        "POST",
        "/auth/invigilator",
        200,
        json={"session_id": sid, "password": session["invigilator_password"]},
    )
    invigilator = {"Authorization": f"Bearer {token['access_token']}"}
    supervision = call(client, "GET", f"/sessions/{sid}/supervision", 200, headers=invigilator)
    assert [c["reconciled"] for c in supervision["candidates"]] == [True, True, True]
    courses = []
    for candidate_id, (_, auth) in zip(imported["candidate_ids"], learners, strict=True):
        call(
            client,
            "POST",
            f"/sessions/{sid}/candidates/{candidate_id}/authorization",
            204,
            headers=invigilator,
            json={},
        )
        entry = {"access_code": session["access_code"].lower(), "locale": "fr-fr"}
        courses.append(
            call(client, "POST", f"/sessions/{sid}/entry", 200, headers=auth, json=entry)[
                "course_id"
            ]
        )

    # and the candidates sit the test: one to the end, one leaves early, one is stopped
    assert sit(client, courses[0], learners[0][1], theta=1.2, answers=40) == 32
    assert sit(client, courses[1], learners[1][1], theta=0.4, answers=22) == 22
    assert sit(client, courses[2], learners[2][1], theta=0.0, answers=5) == 5
    call(
        client,
        "POST",
        f"/sessions/{sid}/candidates/{imported['candidate_ids'][2]}/end-test",
        204,
        headers=invigilator,
    )
    report = {
        "course_id": courses[1],
        "category": "IN_CHALLENGE",
        "subcategory": "SOFTWARE_NOT_WORKING",
        "question_number": 4,
    }
    call(client, "POST", f"/sessions/{sid}/issue-reports", 201, headers=staff, json=report)

    # then finalising without an abort reason for every unfinished test is refused
    final = {"examiner_global_comment": "RAS", "has_incident": True, "has_joining_issue": False}
    missing = call(
        client,
        "POST",
        f"/sessions/{sid}/finalization",
        409,
        headers=staff,
        json={**final, "abort_reasons": {courses[1]: "candidate"}},
    )
    assert missing["code"] == "unterminated_certification_without_abort_reason"
    # and with them, every course is scored and the results are published to the centre
    results = call(
        client,
        "POST",
        f"/sessions/{sid}/finalization",
        200,
        headers=staff,
        json={**final, "abort_reasons": {courses[1]: "candidate", courses[2]: "technical"}},
    )
    assert results["status"] == "finalized"
    rows: dict[str, dict[str, Any]] = {r["last_name"]: r for r in results["items"]}
    assert rows["Dupont"]["status"] == "validated"
    assert rows["Dupont"]["pix_score"] > 0
    assert len(rows["Dupont"]["competence_marks"]) == 16
    assert (rows["Haddad"]["status"], rows["Haddad"]["degraded"]) == ("validated", True)
    assert (
        rows["Martin"]["auto_jury_comment"]
        == "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON"
    )
    assert rows["Dupont"]["algorithm"] == {"name": "v3-result", "version": 1}
    # and nothing more can be answered, enrolled or invigilated
    call(client, "POST", f"/courses/{courses[0]}/next-question", 409, headers=learners[0][1])
    call(
        client,
        "POST",
        "/auth/invigilator",
        401,
        json={"session_id": sid, "password": session["invigilator_password"]},
    )
    jury = bearer(client, "JURY")
    assert (
        call(client, "GET", f"/sessions/{sid}/results", 200, headers=jury)["items"]
        == results["items"]
    )
