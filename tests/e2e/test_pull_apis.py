"""The school-record and higher-education pull APIs over HTTP on PostgreSQL: pending before
publication, the certified score after, pending again when unpublished.

Publication belongs to the jury; until its commands land, the test records the jury's contract
events itself (``JuryCase.ResultRecorded``, ``SessionDeliberation.Published`` and
``Unpublished``, ADR 0800) and saves them in the ledger.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from domain.actors import Actor
from domain.application import CertificationLedger
from jury.case import JuryCase
from jury.deliberation import SessionDeliberation
from tests.e2e.api_client import bearer, call
from tests.e2e.campaign_client import PUPILS, open_school, pupils_csv, register_pupil, wait_for

pytestmark = pytest.mark.postgres
T = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
JURY = Actor(id="jury-1", role="JURY")
UAI = "0754321D"


@pytest.fixture
def client(postgres_settings: Settings) -> Iterator[TestClient]:
    settings = postgres_settings.model_copy(
        update={"projection_poll_interval": 0.05, "password_hash_log2_n": 10}
    )
    with TestClient(create_app(settings)) as c:
        yield c


def sit_and_score(
    ledger: CertificationLedger, user_id: UUID, session_id: UUID, code: str, status: str, pix: int
) -> UUID:
    """A course and its finalisation result (``CertificationCourse.Scored``)."""
    course_id = ledger.begin_course(
        session_id=session_id,
        candidate_id=uuid4(),
        user_id=user_id,
        locale="fr-fr",
        accessibility_adjusted=False,
        extra_time_ratio=0.0,
        verification_code=code,
        started_at=T,
        actor=Actor(id=str(user_id), role="CANDIDATE"),
    )
    course = ledger.get_course(course_id)
    marks = [{"competence_id": "1.1", "level": 3, "score": 0}, {"competence_id": "2.1",
              "level": 2, "score": 0}]  # fmt: skip
    course._score(
        {"status": status, "pix_score": pix, "competence_marks": marks},
        T + timedelta(hours=2),
        "system:finalisation",
        "SYSTEM",
    )
    ledger.save(course)
    return course_id


def test_school_record_and_higher_education_say_pending_until_published(
    client: TestClient,
) -> None:
    ledger: CertificationLedger = client.app.state.container.ledger  # type: ignore[attr-defined]
    # given a school whose two pupils took part in a campaign (so their accounts are linked)
    organisation_id, orga = open_school(client, uai=UAI)
    call(
        client, "POST", f"/organisations/{organisation_id}/learners/import", 201,
        headers={**orga, "Content-Type": "text/csv"}, content=pupils_csv(PUPILS[:2]).encode(),
    )  # fmt: skip
    collection = call(
        client, "POST", f"/organisations/{organisation_id}/campaigns", 201, headers=orga,
        json={"type": "PROFILES_COLLECTION", "name": "Profils"},
    )  # fmt: skip
    users = []
    for pupil in PUPILS[:2]:
        auth = register_pupil(client, pupil)
        call(client, "POST", "/campaign-participations", 201, headers=auth,
             json={"code": collection["code"]})  # fmt: skip
        users.append(UUID(call(client, "GET", "/accounts/me", 200, headers=auth)["id"]))
        mine = call(client, "GET", "/campaign-participations", 200, headers=auth)["items"]
        assert [(p["campaign_id"], p["status"]) for p in mine] == [(collection["id"], "TO_SHARE")]
        access = call(client, "GET", f"/accounts/{users[-1]}/personal-data", 200, headers=auth)
        [kept] = access["sections"]["campaigns"]
        assert (kept["code"], kept["organisation_learner"]["first_name"]) == (
            collection["code"], pupil[0],
        )  # fmt: skip
    # and the first pupil sat a session, scored validated 312 at finalisation
    session_id = uuid4()
    course_id = sit_and_score(ledger, users[0], session_id, "P-BCDFGH23", "validated", 312)
    # and an API client holding both scopes
    admin = bearer(client, "SUPER_ADMIN")
    api_client = call(client, "POST", "/accounts/api-clients", 201, headers=admin,
                      json={"label": "LSU et Parcoursup"})  # fmt: skip
    call(client, "PUT", f"/api-clients/{api_client['client_id']}/scopes", 200, headers=admin,
         json={"scopes": ["school-records", "higher-education"]})  # fmt: skip
    token = call(client, "POST", "/auth/token", 200, json={
        "grant_type": "client_credentials", "client_id": api_client["client_id"],
        "client_secret": api_client["client_secret"]})  # fmt: skip
    api = {"Authorization": f"Bearer {token['access_token']}"}

    def record() -> list[dict[str, Any]]:
        body = call(client, "GET", f"/school-records/{UAI.lower()}/certifications", 200,
                    headers=api)  # fmt: skip
        return list(body["items"])

    def search(query: dict[str, Any]) -> list[dict[str, Any]]:
        body = call(client, "POST", "/higher-education/certifications/search", 200, headers=api,
                    json=query)  # fmt: skip
        return list(body["items"])

    searches = (
        {"ine": PUPILS[0][4].lower()},
        {"organization_uai": UAI, "last_name": "DIALLO", "first_name": "awa",
         "birthdate": PUPILS[0][2]},
        {"verification_code": "P-BCDFGH23"},
    )  # fmt: skip

    # then before publication: pending, no score, no competence
    pending = wait_for(record, lambda r: len(r) == 1)
    assert [(r["first_name"], r["status"], r["pix_score"], r["competence_results"])
            for r in pending] == [("Awa", "pending", 0, [])]  # fmt: skip
    assert pending[0]["national_student_id"] == PUPILS[0][4]
    assert pending[0]["certification_id"] == str(course_id)
    for query in searches:
        found = search(query)
        assert [(r["ine"], r["status"], r["pix_score"]) for r in found] == [
            (PUPILS[0][4], "pending", 0)
        ], query

    # when the jury rescored the course (320) and published the session
    case = JuryCase(course_id=course_id, session_id=session_id, opened_at=T, actor_id=JURY.id,
                    actor_role=JURY.role)  # fmt: skip
    case._record_result(
        course_id=course_id, session_id=session_id,
        result={"status": "validated", "pix_score": 320, "competence_marks": [
            {"competence_id": "1.1", "level": 4, "score": 0},
            {"competence_id": "2.1", "level": 2, "score": 0}]},
        decision="manual_result", emitter="Jury Pix", reason="incident resolved",
        rule_version="1", recorded_at=T + timedelta(days=1), actor_id=JURY.id,
        actor_role=JURY.role,
    )  # fmt: skip
    deliberation = SessionDeliberation(session_id=session_id, opened_at=T, actor_id=JURY.id,
                                       actor_role=JURY.role)  # fmt: skip
    published_at = T + timedelta(days=2)
    deliberation._publish(
        session_id=session_id, course_ids=(course_id,), published_at=published_at,
        actor_id=JURY.id, actor_role=JURY.role,
    )  # fmt: skip
    ledger.save(case, deliberation)

    # then the certified score and the competence levels
    done = wait_for(record, lambda r: r and r[0]["status"] == "validated")
    assert [(r["status"], r["pix_score"], r["competence_results"]) for r in done] == [
        ("validated", 320, [{"competence_code": "1.1", "level": 4},
                            {"competence_code": "2.1", "level": 2}])
    ]  # fmt: skip
    assert done[0]["delivered_at"].startswith("2026-11-22")
    for query in searches:
        assert [(r["status"], r["pix_score"]) for r in search(query)] == [("validated", 320)]

    # and a withdrawn publication makes it pending again
    deliberation._unpublish(
        session_id=session_id, reason="error", unpublished_at=published_at + timedelta(hours=1),
        actor_id=JURY.id, actor_role=JURY.role,
    )  # fmt: skip
    ledger.save(deliberation)
    again = wait_for(record, lambda r: r and r[0]["status"] == "pending")
    assert [(r["status"], r["pix_score"]) for r in again] == [("pending", 0)]
    # a search that matches nobody is a 404 with a stable code
    missing = call(client, "POST", "/higher-education/certifications/search", 404, headers=api,
                   json={"ine": "999999999ZZ"})  # fmt: skip
    assert missing["code"] == "certification_results_not_found"
