"""Defect 5 of issue 14: a write that loses a race leaves no personal-data key behind."""

from __future__ import annotations

import random

import pytest

from api import bootstrap
from api.settings import Settings
from tests.contracts.session_contract import CENTRE_ADMIN as STAFF
from tests.contracts.session_contract import DETAILS
from tests.factories import T0
from tests.races import hold_saves_until_all_loaded, race

HEADER = "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,billing_mode\n"


def _file(prefix: str, count: int) -> bytes:
    lines = [f"{prefix}{i},Martin,F,2004-01-02,FRANCE,75056,FREE\n" for i in range(count)]
    return (HEADER + "".join(lines)).encode()


def _keys(container: bootstrap.Container) -> int:
    assert container.auth is not None
    return len(container.auth.tables.recent_keys("personal_data_keys", 3600))


def _check_race(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    container = bootstrap.build(settings, read_models=[])
    try:
        ledger = container.ledger
        centre = ledger.register_centre(
            name="Centre", centre_type="PRO", external_id=None, at=T0, actor=STAFF
        )
        session_id = ledger.create_session(
            centre_id=centre, details=DETAILS, at=T0, actor=STAFF, rng=random.Random(1)
        )
        keys_before = _keys(container)
        hold_saves_until_all_loaded(ledger, monkeypatch)

        def import_file(prefix: str) -> object:
            return ledger.import_candidates(session_id, _file(prefix, 50), at=T0, actor=STAFF)

        outcomes = race(lambda: import_file("Ana"), lambda: import_file("Eva"))
        monkeypatch.undo()
        enrolled = len(ledger.get_session(session_id).candidates)
        assert sum(isinstance(o, Exception) for o in outcomes) == 1, outcomes
        assert enrolled == 50
        # one key per enrolled candidate, plus the blind-index key created on first use
        assert _keys(container) - keys_before in (enrolled, enrolled + 1)
    finally:
        container.close()


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_a_lost_import_race_leaves_no_orphan_key(
    backend: str,
    memory_settings: Settings,
    sqlite_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _check_race(memory_settings if backend == "memory" else sqlite_settings, monkeypatch)


@pytest.mark.postgres
def test_a_lost_import_race_leaves_no_orphan_key_on_postgres(
    postgres_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check_race(postgres_settings, monkeypatch)
