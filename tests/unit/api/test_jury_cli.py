"""``certledger jury ...`` on the embedded store: queue, decisions as a person, publish."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from api import bootstrap
from api.cli import main
from api.settings import Settings
from domain.actors import Actor
from jury.application import JuryLedger
from tests.contracts.jury_contract import JuryContract
from tests.factories import T0
from tests.fakes import FakeProfiles


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CERTLEDGER_DATABASE_URL", raising=False)
    monkeypatch.setenv("CERTLEDGER_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("CERTLEDGER_PASSWORD_HASH_LOG2_N", "10")
    return tmp_path / "var"


def finalised(home: Path) -> tuple[UUID, list[UUID]]:
    container = bootstrap.build(
        Settings(home=home), read_models=[], profiles=FakeProfiles().factory
    )
    try:
        ledger = container.ledger
        assert isinstance(ledger, JuryLedger)
        ledger.create_staff(
            role="CERTIF", email="julie@pix.fr", password="a long jury password",
            first_name="Julie", last_name="Jury", created_at=T0, actor=Actor.system("test"),
        )  # fmt: skip
        session_id, _, courses = JuryContract().sat_session(ledger)
        return session_id, courses
    finally:
        container.close()


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Any:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long jury password\n"))
    code = main(args)
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if code == 0 else captured.err)


def test_a_reviewer_decides_and_publishes_from_the_command_line(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id, courses = finalised(home)
    signed = ["--as", "julie@pix.fr", "--password-stdin"]
    code, queue = run(["jury", "queue"], capsys, monkeypatch)
    assert (code, [e["session_id"] for e in queue]) == (0, [str(session_id)])
    code, err = run(
        ["jury", "cancel", str(courses[0]), "--reason", " ", *signed], capsys, monkeypatch
    )
    assert code == 1
    assert "reason_required" in err
    code, outcome = run(
        ["jury", "reject", str(courses[0]), "--reason", "phone", *signed], capsys, monkeypatch
    )
    assert (code, outcome["result"]["status"]) == (0, "rejected")
    code, history = run(["jury", "history", str(courses[0])], capsys, monkeypatch)
    assert [(h["decision"], h["actor_role"]) for h in history][-1] == (
        "rejected_for_fraud",
        "CERTIF",
    )
    code, batch = run(["jury", "publish", str(session_id), *signed], capsys, monkeypatch)
    assert (code, batch["published"], batch["failures"]) == (0, [str(session_id)], [])
    code, batch = run(["jury", "publish", str(session_id), *signed], capsys, monkeypatch)
    assert [f["code"] for f in batch["failures"]] == ["session_already_published"]
