"""How many aggregates a read loads: the session board answers without replaying the courses.

Counts ``repository.get`` calls (each one reads the store) on the server's ledger while one
request runs; the session is set up beforehand through a second ledger on the same SQLite
store, whose positioning port makes every candidate certifiable.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from api import bootstrap
from api.app import create_app
from api.deps import get_clock
from api.settings import Settings
from domain.application import CertificationLedger
from tests.contracts.course_contract import INVIGILATOR, sit
from tests.contracts.session_board_contract import enrol, enter, reconcile
from tests.contracts.session_contract import CENTRE_ADMIN, DETAILS
from tests.e2e.api_client import bearer, get_json
from tests.factories import at
from tests.fakes import FakeProfiles

CANDIDATES = 30


def seat_everyone(ledger: CertificationLedger) -> tuple[UUID, UUID, list[tuple[UUID, UUID]]]:
    """A session of 30 candidates, each in a course with a few answers: centre, session, seats."""
    centre = ledger.register_centre(
        name="Centre Lyon", centre_type="PRO", external_id=None, at=at(0), actor=CENTRE_ADMIN
    )
    session_id = ledger.create_session(
        centre_id=centre, details=DETAILS, at=at(0), actor=CENTRE_ADMIN, rng=random.Random(5)
    )
    seated = []
    for n in range(CANDIDATES):
        first = f"Candidat{chr(65 + n % 26)}{n}"
        candidate = enrol(ledger, session_id, first, n)
        user = reconcile(ledger, session_id, first, 100 + n)
        ledger.authorize_candidate(
            session_id, candidate, purpose="start", at=at(200 + n), actor=INVIGILATOR
        )
        course = enter(ledger, session_id, user, 201 + n)
        sit(ledger, course, theta=0.0, seed=n, answers=2)
        seated.append((user, course))
    return centre, session_id, seated


@pytest.fixture
def seated(sqlite_settings: Settings) -> tuple[UUID, UUID, list[tuple[UUID, UUID]]]:
    """The session, written through a second ledger on the same store before the server reads."""
    setup = bootstrap.build(sqlite_settings, read_models=[], profiles=FakeProfiles().factory)
    try:
        return seat_everyone(setup.ledger)
    finally:
        setup.close()


@pytest.fixture
def client(sqlite_settings: Settings) -> Iterator[TestClient]:
    app = create_app(sqlite_settings)
    app.dependency_overrides[get_clock] = lambda: lambda: at(900)
    with TestClient(app) as c:
        yield c


def loads_during(ledger: CertificationLedger, request: Callable[[], Any]) -> tuple[int, Any]:
    """How many aggregates ``request`` loaded from the store, and its result."""
    original, count = ledger.repository.get, 0

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        return original(*args, **kwargs)

    ledger.repository.get = counting  # type: ignore[method-assign]
    try:
        result = request()
    finally:
        ledger.repository.get = original  # type: ignore[method-assign]
    return count, result


def test_supervising_and_listing_results_of_30_candidates_load_at_most_2_aggregates(
    seated: tuple[UUID, UUID, list[tuple[UUID, UUID]]], client: TestClient
) -> None:
    centre, session_id, _ = seated
    ledger: CertificationLedger = client.app.state.container.ledger  # type: ignore[attr-defined]
    staff = bearer(client, "CENTER_ADMIN", centre_ids=frozenset({centre}))

    loads, supervision = loads_during(
        ledger, lambda: get_json(client, f"/sessions/{session_id}/supervision", headers=staff)
    )
    assert len(supervision["candidates"]) == CANDIDATES
    assert {c["answered"] for c in supervision["candidates"]} == {2}
    assert loads <= 2

    loads, results = loads_during(
        ledger, lambda: get_json(client, f"/sessions/{session_id}/results", headers=staff)
    )
    assert len(results["items"]) == CANDIDATES
    assert all(r["state"] == "started" for r in results["items"])
    assert loads <= 2

    loads, listed = loads_during(
        ledger, lambda: get_json(client, f"/sessions/{session_id}/candidates", headers=staff)
    )
    assert len(listed["items"]) == CANDIDATES
    assert loads <= 2


def test_next_question_loads_the_course_once_then_keeps_it_live(
    seated: tuple[UUID, UUID, list[tuple[UUID, UUID]]], client: TestClient
) -> None:
    ledger: CertificationLedger = client.app.state.container.ledger  # type: ignore[attr-defined]
    user, course = seated[2][0]
    learner = bearer(client, "LEARNER", user_id=user)

    def next_question() -> Any:
        response = client.post(f"/courses/{course}/next-question", headers=learner)
        assert response.status_code == 200, response.text
        return response.json()

    loads, question = loads_during(ledger, next_question)
    assert question["question_number"] == 3
    assert question["challenge"] is not None
    assert loads == 1
    again_loads, again = loads_during(ledger, next_question)
    # The same question, and no load at all: the course is live in the process (ADR 1500).
    assert (again_loads, again) == (0, question)
    other = bearer(client, "LEARNER", user_id=uuid4())
    assert client.post(f"/courses/{course}/next-question", headers=other).status_code == 403
