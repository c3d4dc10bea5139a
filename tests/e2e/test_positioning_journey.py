"""A learner registers, positions on five competences over HTTP and becomes certifiable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_clock, get_rng
from api.settings import Settings
from domain.bank import load_default_bank
from domain.bank.solution_check import checkable
from domain.checking import solution_as_answer
from domain.positioning.simulation import wrong_answer
from tests.e2e.api_client import FakeClock, call, register

pytestmark = pytest.mark.postgres


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(postgres_settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    settings = postgres_settings.model_copy(update={"projection_poll_interval": 0.05})
    app = create_app(settings)
    app.dependency_overrides[get_clock] = lambda: clock
    app.dependency_overrides[get_rng] = lambda: np.random.default_rng(42)
    with TestClient(app) as c:
        yield c


def position(client: TestClient, base: str, auth: dict[str, str], code: str) -> int:
    """Answer every challenge right until the evaluation ends; return the level-ups seen."""
    bank = load_default_bank()
    start = call(client, "POST", f"{base}/competences/{code}/evaluation", 200, headers=auth)
    aid, level_ups = start["assessment_id"], 0
    while True:
        nxt = call(client, "POST", f"{base}/assessments/{aid}/next-challenge", 200, headers=auth)
        if nxt["completed"]:
            return level_ups
        challenge = bank.challenge(nxt["challenge"]["id"])
        body = {"challenge_id": challenge.id, "value": solution_as_answer(checkable(challenge))}
        answer = call(
            client, "POST", f"{base}/assessments/{aid}/answers", 200, headers=auth, json=body
        )
        assert answer["tutorials_kind"] in ("to_learn_more", "to_succeed")
        level_ups += answer["level_up"]


def test_a_learner_positions_on_five_competences_and_becomes_certifiable(
    client: TestClient, clock: FakeClock
) -> None:
    # given a registered, signed-in learner
    learner, auth = register(client)
    base = f"/learners/{learner}"
    before = call(client, "GET", f"{base}/certifiability", 200, headers=auth)
    assert before["is_certifiable"] is False
    # when they position on five competences
    level_ups = [position(client, base, auth, code) for code in ("1.1", "1.3", "2.2", "3.4", "5.1")]
    # then every one raised their level, and the profile is certifiable from events
    assert all(n >= 1 for n in level_ups)
    now = call(client, "GET", f"{base}/certifiability", 200, headers=auth)
    assert now["is_certifiable"] is True
    assert sum(1 for lv in now["competence_levels"].values() if lv >= 1) == 5
    past = call(
        client, "GET", f"{base}/certifiability", 200, headers=auth, params={"at": before["at"]}
    )
    assert past["is_certifiable"] is False
    # and the projected profile shows five completed scorecards once caught up
    profile = wait_for_profile(client, base, auth)
    assert sum(c["status"] == "COMPLETED" for c in profile["scorecards"]) == 5
    assert 0 < profile["pix_score"] <= now["pix_score"]  # the profile caps levels, placement not
    # and a reset is refused within 7 days, with the date, then accepted
    refused = call(client, "POST", f"{base}/competences/1.1/reset", 409, headers=auth)
    assert refused["code"] == "reset_too_early"
    assert "possible from" in refused["detail"]
    clock.jump(7)
    call(client, "POST", f"{base}/competences/1.1/reset", 204, headers=auth)


def wait_for_profile(client: TestClient, base: str, auth: dict[str, str]) -> Any:
    """The profile once the profiles view has applied every event recorded so far."""
    container = client.app.state.container  # type: ignore[attr-defined]
    container.runners["profiles"].wait(container.ledger.recorder.max_notification_id())
    return call(client, "GET", f"{base}/profile", 200, headers=auth)


def test_bad_positioning_input_gets_a_stable_code_and_records_nothing(client: TestClient) -> None:
    learner, auth = register(client)
    base = f"/learners/{learner}"
    unknown = call(client, "POST", f"{base}/competences/9.9/evaluation", 404, headers=auth)
    assert unknown["code"] == "competence_not_found"
    start = call(client, "POST", f"{base}/competences/1.1/evaluation", 200, headers=auth)
    aid = start["assessment_id"]
    nxt = call(client, "POST", f"{base}/assessments/{aid}/next-challenge", 200, headers=auth)
    challenge = load_default_bank().challenge(nxt["challenge"]["id"])
    bad = {
        "challenge_id": challenge.id,
        "value": "line one\nline two" if challenge.type == "QROC" else "zz",
    }
    refused = call(client, "POST", f"{base}/assessments/{aid}/answers", 422, headers=auth, json=bad)
    assert refused["code"] == "answer_format_invalid"
    other = {"challenge_id": "rec00000x", "value": "1"}
    assert (
        call(client, "POST", f"{base}/assessments/{aid}/answers", 409, headers=auth, json=other)[
            "code"
        ]
        == "challenge_not_current"
    )
    body = {"challenge_id": challenge.id, "value": wrong_answer(challenge)}
    answer = call(client, "POST", f"{base}/assessments/{aid}/answers", 200, headers=auth, json=body)
    assert answer["status"] == "ko"
    assert answer["tutorials_kind"] == "to_succeed"
    path = f"{base}/assessments/{aid}/answers"
    retried = call(client, "POST", path, 200, headers=auth, json=body)
    assert retried == answer  # a retry after a lost response gets the same reply
    other = {**body, "value": "another value"}
    twice = call(client, "POST", f"{base}/assessments/{aid}/answers", 409, headers=auth, json=other)
    assert twice["code"] == "answer_already_recorded"
    # another learner may neither read nor answer
    _, intruder = register(client)
    call(client, "GET", f"{base}/profile", 403, headers=intruder)
    call(client, "POST", f"{base}/assessments/{aid}/next-challenge", 403, headers=intruder)


def test_a_learner_saves_an_offered_tutorial(client: TestClient) -> None:
    learner, auth = register(client)
    base = f"/learners/{learner}"
    tutorial = load_default_bank().skills[0].tutorials[0]
    call(client, "PUT", f"{base}/tutorials/{tutorial.id}", 204, headers=auth)
    saved = call(client, "GET", f"{base}/tutorials", 200, headers=auth)
    assert [s["tutorial"]["id"] for s in saved["items"]] == [tutorial.id]
    call(client, "DELETE", f"{base}/tutorials/{tutorial.id}", 204, headers=auth)
    assert call(client, "GET", f"{base}/tutorials", 200, headers=auth)["items"] == []
