"""``certledger users create-admin`` and the demo's seeded users, on the embedded store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from api import bootstrap
from api.cli import main
from api.demos.users import DEMO_PASSWORD, DEMO_USERS, seed_demo_users
from api.settings import Settings
from tests.factories import T0


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CERTLEDGER_DATABASE_URL", raising=False)
    monkeypatch.setenv("CERTLEDGER_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("CERTLEDGER_PASSWORD_HASH_LOG2_N", "10")
    return tmp_path / "var"


def test_create_admin_reads_the_password_from_stdin_and_the_admin_can_sign_in(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long admin password\n"))
    args = ["users", "create-admin", "--email", "root@pix.fr", "--first-name", "R"]
    assert main([*args, "--last-name", "Oot", "--role", "CERTIF", "--password-stdin"]) == 0
    assert "CERTIF account" in capsys.readouterr().out
    container = bootstrap.build(Settings(home=home), read_models=[])
    try:
        assert (
            container.ledger.authenticate("root@pix.fr", "a long admin password").role == "CERTIF"
        )
    finally:
        container.close()


def test_create_admin_refuses_a_malformed_email_in_one_line(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long admin password\n"))
    args = ["users", "create-admin", "--email", "root", "--first-name", "R", "--last-name", "O"]
    assert main([*args, "--password-stdin"]) == 1
    assert "invalid_personal_data" in capsys.readouterr().err


def test_demo_users_are_seeded_once_and_sign_in(memory_settings: Settings) -> None:
    container = bootstrap.build(memory_settings.model_copy(update={"password_hash_log2_n": 10}))
    try:
        first = seed_demo_users(container.ledger, at=T0)
        assert seed_demo_users(container.ledger, at=T0) == first
        assert set(first) == {role for role, *_ in DEMO_USERS}
        for role, email, *_ in DEMO_USERS:
            assert container.ledger.authenticate(email, DEMO_PASSWORD).role == role
    finally:
        container.close()
