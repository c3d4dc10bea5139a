from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from eventsourcing.persistence import StoredEvent

from api import bootstrap
from api.settings import Settings
from domain.actors import Actor
from domain.assessment import Assessment
from tests.factories import ACTOR, answer_run


def test_system_actors_and_roles_are_checked() -> None:
    assert Actor.system("auto-jury") == Actor("system:auto-jury", "SYSTEM")
    with pytest.raises(ValueError, match="unknown role"):
        Actor("u1", "WIZARD")
    with pytest.raises(ValueError, match="needs an id"):
        Actor("", "LEARNER")


def test_every_event_records_who_did_it(memory_settings: Settings) -> None:
    container = bootstrap.build(memory_settings, read_models=[])
    ledger = container.ledger
    release = ledger.install_content(
        installed_at=datetime(2026, 1, 1, tzinfo=UTC), actor=Actor.system("setup")
    )
    aid = answer_run(ledger, "rw")
    events = [*ledger.events.get(release), *ledger.events.get(aid)]
    assert [(e.actor_id, e.actor_role) for e in events] == [  # type: ignore[attr-defined]
        ("system:setup", "SYSTEM"),
        *[(ACTOR.id, ACTOR.role)] * 5,
    ]


def test_events_stored_before_actors_replay_with_an_unknown_actor(
    memory_settings: Settings,
) -> None:
    container = bootstrap.build(memory_settings, read_models=[])
    mapper = container.ledger.mapper
    aid = answer_run(container.ledger, "r")
    answered = list(container.ledger.events.get(aid))[-1]
    stored = mapper.to_stored_event(answered)
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    del state["actor_id"], state["actor_role"]
    v1 = StoredEvent(
        stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode()
    )
    replayed = mapper.to_domain_event(v1)
    assert isinstance(replayed, Assessment.AnswerRecorded)
    assert (replayed.actor_id, replayed.actor_role) == ("unknown", "UNKNOWN")
    assert replayed.status == answered.status  # type: ignore[attr-defined]


def test_the_ledger_keeps_its_stored_name() -> None:
    from domain.application import CertificationLedger

    assert CertificationLedger.name == "ledger"
