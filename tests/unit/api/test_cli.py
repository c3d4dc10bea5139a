from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import main
from domain.bank import DEFAULT_BANK_FILE


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CERTLEDGER_DATABASE_URL", raising=False)
    monkeypatch.setenv("CERTLEDGER_HOME", str(tmp_path / "var"))
    return tmp_path / "var"


def test_check_bank_accepts_the_shipped_bank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-bank", str(DEFAULT_BANK_FILE)]) == 0
    out = capsys.readouterr().out
    assert "bank sample-v1 is valid for pix-v1: 112 tubes, 688 skills, 1374 challenges" in out
    assert "warning" not in out


def test_check_bank_lists_every_fault_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8"))
    skills = doc["competences"][0]["tubes"][0]["skills"]
    skills[0]["difficulty"] = 9
    del skills[1]["challenges"][0]["calibration"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["check-bank", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.json: 2 problem(s) in the bank" in err
    assert f"  - skill {skills[0]['id']}: difficulty 9 is outside 1..8" in err
    assert f"  - challenge {skills[1]['challenges'][0]['id']}: no IRT calibration" in err


def test_check_bank_warns_when_a_competence_is_too_thin_for_a_v3_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8"))
    doc["competences"][5]["tubes"] = doc["competences"][5]["tubes"][:3]
    thin = tmp_path / "thin.json"
    thin.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["check-bank", str(thin)]) == 0
    assert (
        "warning: fewer than 40 servable challenges or 6 tubes for 2.3" in capsys.readouterr().out
    )


def test_check_framework_reports_the_version_in_force(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-framework"]) == 0
    assert (
        "framework pix-v1 is valid: 5 areas, 16 competences, 8 levels, reachable level 7"
        in capsys.readouterr().out
    )


def test_demo_then_rebuild_and_status_on_the_embedded_store(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--learners", "3", "--questions", "4"]) == 0
    out = capsys.readouterr().out
    assert f"store: sqlite:///{home}/ledger.sqlite3 (sqlite)" in out
    assert "3 simulated learners answered 12 challenges" in out
    assert "identical to the caught-up view" in out
    # the certification step: a whole session, finalised, scored, and rescored from events
    assert "2 incidents reported; the invigilator stopped one test; one candidate left early" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["candidate", "true"])
    table = [line.split() for line in lines[header + 1 : header + 11]]
    assert [row[3] for row in table].count("32") == 8
    assert all(row[4] == "validated" for row in table if row[3] == "32")
    assert "rescored from its recorded events: same result" in out
    # the certificates chapter: publication, verification by code, PDF and credential
    assert re.search(r"certificates of session \S+: [1-9]\d* delivered, valid 3 years", out)
    assert "asked for the day after its third anniversary: expired" in out
    assert "signature ok, dates ok, status ok" in out
    [pdf] = (home / "certificates").glob("*-attestation-pix-*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert main(["projections", "rebuild", "challenge_statistics"]) == 0
    rebuilt = capsys.readouterr().out
    assert main(["projections", "status"]) == 0
    status = capsys.readouterr().out.splitlines()[1].split()
    # The demo's every step (content, answers, seeded users, positioning) is in the log; the
    # rebuilt view reached its head and has no lag.
    assert status[0] == "challenge_statistics"
    assert status[1] == status[2]
    assert status[3] == "0"
    assert f"challenge_statistics: rebuilt to position {status[1]}" in rebuilt


def test_unreachable_database_gives_one_line_without_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CERTLEDGER_DATABASE_URL": "postgresql://someone:secret@127.0.0.1:1/nowhere",
        "CERTLEDGER_POSTGRES_CONNECT_TIMEOUT": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "projections", "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "certledger: error (storage_unavailable): cannot open the store at "
        "postgresql://someone:***@127.0.0.1:1/nowhere: "
    )
    assert "secret" not in done.stderr


def test_projections_run_gives_way_to_the_server(tmp_path: Path) -> None:
    """The projections process lowers its priority (ADR 1601): views lag, answers do not."""
    env = {**os.environ, "CERTLEDGER_HOME": str(tmp_path / "var")}
    env.pop("CERTLEDGER_DATABASE_URL", None)
    env.pop("CERTLEDGER_PROJECTION_NICENESS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "projections", "run"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("following "):
                break
        else:
            raise AssertionError("projections run stopped before following")
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == min(19, ours + 5)
    finally:
        process.terminate()
        process.wait(30)
