"""A v2 session over HTTP on PostgreSQL: the same routes deliver the test drawn from the profile."""

from __future__ import annotations

from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.bank import load_default_bank
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from tests.e2e.api_client import FakeClock, bearer, call

# The journey's fixtures and its positioned learner are shared with the v3 session journey.
from tests.e2e.test_certification_session import (  # noqa: F401
    certifiable_learner,
    client,
    clock,
)

pytestmark = pytest.mark.postgres


def test_a_v2_session_serves_the_drawn_list_and_scores_it_by_the_v2_rules(
    client: TestClient,  # noqa: F811
    clock: FakeClock,  # noqa: F811
) -> None:
    # given a v2 session with one candidate whose profile was built on five competences
    admin = bearer(client, "SUPER_ADMIN")
    centre = call(
        client, "POST", "/centres", 201, headers=admin, json={"name": "C", "centre_type": "SUP"}
    )
    staff = bearer(client, "CENTER_ADMIN", centre_ids=frozenset({UUID(centre["id"])}))
    details = {"address": "A", "room": "B", "examiner": "E", "date": "2026-11-22", "time": "09:00"}
    sessions = f"/centres/{centre['id']}/sessions"
    call(client, "POST", sessions, 422, headers=staff, json={**details, "version": 1})
    session = call(client, "POST", sessions, 201, headers=staff, json={**details, "version": 2})
    assert session["version"] == 2
    sid = session["id"]
    person = {"first_name": "Léa", "last_name": "Dupont", "sex": "F", "birthdate": "2005-03-14"}
    person |= {"birth_country": "FRANCE", "birth_insee_code": "75056", "billing_mode": "FREE"}
    candidate = call(client, "POST", f"/sessions/{sid}/candidates", 201, headers=staff, json=person)
    _, auth = certifiable_learner(client, clock, seed=1)
    identity = {"first_name": "Léa", "last_name": "Dupont", "birthdate": "2005-03-14"}
    call(client, "POST", f"/sessions/{sid}/reconciliation", 204, headers=auth, json=identity)
    password = {"session_id": sid, "password": session["invigilator_password"]}
    token = call(client, "POST", "/auth/invigilator", 200, json=password)
    invigilator = {"Authorization": f"Bearer {token['access_token']}"}
    call(
        client,
        "POST",
        f"/sessions/{sid}/candidates/{candidate['candidate_id']}/authorization",
        204,
        headers=invigilator,
        json={},
    )
    entry = {"access_code": session["access_code"], "locale": "fr-fr"}
    course = call(client, "POST", f"/sessions/{sid}/entry", 200, headers=auth, json=entry)

    # when the candidate answers every question of the list right, through the v3 routes
    bank, answered = load_default_bank(), 0
    while True:
        question = call(
            client, "POST", f"/courses/{course['course_id']}/next-question", 200, headers=auth
        )
        if question["challenge"] is None:
            break
        value = solution_as_answer(checkable(bank.challenge(question["challenge"]["id"])))
        body = {"challenge_id": question["challenge"]["id"], "value": value}
        out = call(
            client, "POST", f"/courses/{course['course_id']}/answers", 200, headers=auth, json=body
        )
        answered += 1
        if out["state"] != "started":
            break

    # then up to 3 questions per certifiable competence were served, and the v2 result shows
    assert 5 <= answered <= 48
    final = {"has_incident": False, "has_joining_issue": False}
    results = call(client, "POST", f"/sessions/{sid}/finalization", 200, headers=staff, json=final)
    (row,) = results["items"]
    assert (row["version"], row["reproducibility_rate"], row["status"]) == (2, 100, "validated")
    assert row["algorithm"] == {"name": "v2-scoring", "version": 1}
    assert row["pix_score"] == sum(m["score"] for m in row["competence_marks"]) > 0
    assert row["capacity"] is None
