"""The jury's must-show journey over HTTP on PostgreSQL (issue 10).

Finalisation → auto-jury → reject for fraud, cancel, uncancel, each with a reason → four results
in order → publication refused while a course is in error → fixed → published → the candidate
sees their own result → unpublished → hidden again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_clock, get_rng
from api.settings import Settings
from tests.e2e.api_client import FakeClock, bearer, call
from tests.e2e.test_certification_session import certifiable_learner, sit

pytestmark = pytest.mark.postgres

CSV = (
    "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,birth_city,billing_mode,"
    "result_recipient_email\n"
    "Léa,Dupont,F,2005-03-14,FRANCE,75056,,FREE,results@school.example.org\n"
    "Amine,Haddad,M,2004-11-02,Maroc,,Rabat,PAID,\n"
)
IDENTITIES = [("Léa", "Dupont", "2005-03-14"), ("Amine", "Haddad", "2004-11-02")]


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


def until(read: Callable[[], list[Any]], seconds: float = 10) -> list[Any]:
    """What ``read`` returns once it is not empty (views catch up in the background)."""
    deadline = time.monotonic() + seconds
    while not (found := read()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def finalised_session(
    client: TestClient, clock: FakeClock
) -> tuple[str, list[str], list[dict[str, str]]]:
    """A session where two candidates sat the test, finalised by its centre."""
    admin = bearer(client, "SUPER_ADMIN")
    centre = call(
        client, "POST", "/centres", 201, headers=admin,
        json={"name": "Centre Pix Lyon", "centre_type": "PRO"},
    )  # fmt: skip
    staff = bearer(client, "CENTER_ADMIN", centre_ids=frozenset({UUID(centre["id"])}))
    details = {
        "address": "Campus", "room": "B12", "examiner": "M. Martin", "date": "2026-11-22",
        "time": "09:00",
    }  # fmt: skip
    session = call(
        client, "POST", f"/centres/{centre['id']}/sessions", 201, headers=staff, json=details
    )
    sid = session["id"]
    imported = call(
        client, "POST", f"/sessions/{sid}/candidates/import", 201,
        headers={**staff, "content-type": "text/csv"}, content=CSV.encode(),
    )  # fmt: skip
    learners = [certifiable_learner(client, clock, seed) for seed in range(2)]
    for (first, last, birthdate), (_, auth) in zip(IDENTITIES, learners, strict=True):
        body = {"first_name": first, "last_name": last, "birthdate": birthdate}
        call(client, "POST", f"/sessions/{sid}/reconciliation", 204, headers=auth, json=body)
    token = call(
        client, "POST", "/auth/invigilator", 200,
        json={"session_id": sid, "password": session["invigilator_password"]},
    )  # fmt: skip
    invigilator = {"Authorization": f"Bearer {token['access_token']}"}
    courses = []
    for candidate_id, (_, auth) in zip(imported["candidate_ids"], learners, strict=True):
        call(
            client, "POST", f"/sessions/{sid}/candidates/{candidate_id}/authorization", 204,
            headers=invigilator, json={},
        )  # fmt: skip
        entry = {"access_code": session["access_code"], "locale": "fr-fr"}
        courses.append(
            call(client, "POST", f"/sessions/{sid}/entry", 200, headers=auth, json=entry)[
                "course_id"
            ]
        )
    assert sit(client, courses[0], learners[0][1], theta=1.2, answers=40) == 32
    assert sit(client, courses[1], learners[1][1], theta=0.4, answers=40) == 32
    final: dict[str, object] = {
        "examiner_global_comment": None, "has_incident": False, "has_joining_issue": False,
        "abort_reasons": {},
    }  # fmt: skip
    call(client, "POST", f"/sessions/{sid}/finalization", 200, headers=staff, json=final)
    return sid, courses, [auth for _, auth in learners]


def test_the_jury_decides_with_reasons_then_publishes_and_the_candidate_sees_the_result(
    client: TestClient, clock: FakeClock
) -> None:
    # given a finalised session, reviewed by the auto-jury
    sid, courses, candidates = finalised_session(client, clock)
    reviewer = bearer(client, "JURY")
    admin = bearer(client, "SUPER_ADMIN")
    view = call(client, "GET", f"/jury/courses/{courses[0]}", 200, headers=reviewer)
    assert view["auto_jury"]["rule"] == "score"
    assert view["auto_jury"]["rule_version"] == "jury-policies/1"
    assert len(view["questions"]) == 32
    assert all(q["capacity"] is not None for q in view["questions"])

    queue = until(lambda: call(client, "GET", "/jury/sessions", 200, headers=reviewer))
    assert [(e["session_id"], e["started_certifications"]) for e in queue] == [(sid, 2)]
    assert queue[0]["publishable"] is True

    # bad inputs: a code each, nothing recorded
    path = f"/jury/courses/{courses[0]}/fraud-rejection"
    assert call(client, "POST", path, 422, headers=reviewer, json={})["code"] == "reason_required"
    metier = bearer(client, "METIER")
    refused = call(client, "POST", path, 403, headers=metier, json={"reason": "x"})
    assert refused["code"] == "permission_denied"
    unknown = call(
        client, "POST", f"/jury/courses/{UUID(int=7)}/cancellation", 404, headers=reviewer,
        json={"reason": "x"},
    )  # fmt: skip
    assert unknown["code"] == "certification_course_not_found"
    assert (
        len(call(client, "GET", f"/jury/courses/{courses[0]}/history", 200, headers=reviewer)) == 1
    )

    # when the jury rejects for fraud, cancels and uncancels, each with its reason
    decisions = [
        ("fraud-rejection", "phone on the desk", reviewer),
        ("cancellation", "fire alarm during the test", reviewer),
        ("uncancellation", "the alarm rang after the last answer", admin),
    ]
    for decision, reason, who in decisions:
        call(
            client, "POST", f"/jury/courses/{courses[0]}/{decision}", 200, headers=who,
            json={"reason": reason},
        )  # fmt: skip

    # then the course's history lists four results in order with actor and reason
    history = call(client, "GET", f"/jury/courses/{courses[0]}/history", 200, headers=reviewer)
    assert [h["decision"] for h in history] == [
        "finalisation", "rejected_for_fraud", "cancelled", "uncancelled",
    ]  # fmt: skip
    assert [h["status"] for h in history] == [
        "validated", "rejected", "cancelled_by_jury", "rejected",
    ]  # fmt: skip
    assert [h["reason"] for h in history[1:]] == [reason for _, reason, _ in decisions]
    assert [h["actor_role"] for h in history[1:]] == ["JURY", "JURY", "SUPER_ADMIN"]
    assert all(h["actor_id"] for h in history)

    # when a course is in error, publication is refused with the §5.3 message
    call(
        client, "POST", f"/jury/courses/{courses[1]}/manual-results", 403, headers=reviewer,
        json={"status": "error", "reason": "x"},
    )  # fmt: skip
    call(
        client, "POST", f"/jury/courses/{courses[1]}/manual-results", 200, headers=admin,
        json={"status": "error", "reason": "centre disputes the score"},
    )  # fmt: skip
    refused = call(client, "POST", f"/jury/sessions/{sid}/publication", 409, headers=reviewer)
    assert refused["code"] == "certification_course_not_publishable"
    assert refused["detail"] == (
        f"Publication de la session {sid}: Une Certification avec le statut 'started' ou "
        "'error' ne peut être publiée."
    )
    hidden = call(client, "GET", f"/courses/{courses[1]}/result", 404, headers=candidates[1])
    assert hidden["code"] == "result_not_published"

    # and once fixed, it is published, and each candidate sees their own result only
    call(
        client, "POST", f"/jury/courses/{courses[1]}/manual-results", 200, headers=admin,
        json={"status": "validated", "pix_score": 310, "reason": "score checked with the centre"},
    )  # fmt: skip
    published = call(client, "POST", f"/jury/sessions/{sid}/publication", 200, headers=reviewer)
    assert sorted(published["course_ids"]) == sorted(courses)
    again = call(client, "POST", f"/jury/sessions/{sid}/publication", 409, headers=reviewer)
    assert again["code"] == "session_already_published"
    late = call(
        client, "POST", f"/jury/courses/{courses[0]}/cancellation", 409, headers=reviewer,
        json={"reason": "too late"},
    )  # fmt: skip
    assert late["code"] == "session_already_published"
    mine = call(client, "GET", f"/courses/{courses[1]}/result", 200, headers=candidates[1])
    assert (mine["status"], mine["pix_score"]) == ("validated", 310)
    rejected = call(client, "GET", f"/courses/{courses[0]}/result", 200, headers=candidates[0])
    assert (rejected["status"], rejected["comment_for_candidate"]) == ("rejected", "FRAUD")
    call(client, "GET", f"/courses/{courses[1]}/result", 403, headers=candidates[0])

    # when the session is unpublished, the results are hidden again
    call(
        client, "POST", f"/jury/sessions/{sid}/unpublication", 204, headers=reviewer,
        json={"reason": "published by mistake"},
    )  # fmt: skip
    call(client, "GET", f"/courses/{courses[1]}/result", 404, headers=candidates[1])
