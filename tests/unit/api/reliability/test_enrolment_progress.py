"""Defect 11 of issue 14 (enrolment): a file of thousands of lines is enrolled in one write of
keys, with its progress reported, from the API or the CLI."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from uuid import UUID

from api import bootstrap
from api.settings import Settings
from tests.contracts.session_contract import CENTRE_ADMIN, DETAILS
from tests.factories import T0

HEADER = "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,billing_mode\n"


def _file(count: int) -> bytes:
    rows = "".join(f"Ana{i},Martin{i},F,2004-01-02,FRANCE,75056,FREE\n" for i in range(count))
    return (HEADER + rows).encode()


def _session(settings: Settings) -> str:
    container = bootstrap.build(settings, read_models=[])
    try:
        ledger = container.ledger
        centre = ledger.register_centre(
            name="Centre", centre_type="PRO", external_id=None, at=T0, actor=CENTRE_ADMIN
        )
        session = ledger.create_session(
            centre_id=centre, details=DETAILS, at=T0, actor=CENTRE_ADMIN, rng=random.Random(1)
        )
        return str(session)
    finally:
        container.close()


def test_an_import_reports_each_stage_and_every_500_candidates(sqlite_settings: Settings) -> None:
    session = _session(sqlite_settings)
    container = bootstrap.build(sqlite_settings, read_models=[])
    heard: list[tuple[str, int, int]] = []
    try:
        ids = container.ledger.import_candidates(
            UUID(session),
            _file(1200),
            at=T0,
            actor=CENTRE_ADMIN,
            progress=lambda step, done, total: heard.append((step, done, total)),
        )
    finally:
        container.close()
    assert len(ids) == 1200
    assert heard == [
        ("read", 1200, 1200),
        ("checked", 1200, 1200),
        ("sealed", 500, 1200),
        ("sealed", 1000, 1200),
        ("sealed", 1200, 1200),
        ("saved", 1200, 1200),
    ]


def test_the_cli_imports_a_file_with_a_progress_bar(tmp_path: Path) -> None:
    settings = Settings(database_url=None, home=tmp_path / "home")
    session = _session(settings)
    csv_file = tmp_path / "candidates.csv"
    csv_file.write_bytes(_file(600))
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "sessions", "import-candidates", session, str(csv_file)],
        env={"CERTLEDGER_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"600 candidates enrolled in session {session}" in done.stdout
    assert "sealed" in done.stderr
    assert "600/600" in done.stderr
