"""Auditors on the demo session, on the embedded SQLite store."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from uuid import UUID

from api.settings import Settings
from tests.contracts.audit_session_contract import alter_state, run_session_audit


def test_auditor_replays_verifies_and_catches_forgeries_on_sqlite(tmp_path: Path) -> None:
    settings = Settings(database_url=None, home=tmp_path / "home")

    def alter(course_id: UUID, delta: int, _: int) -> int:
        with sqlite3.connect(settings.sqlite_path) as conn:
            position, state = conn.execute(
                "SELECT rowid, state FROM stored_events WHERE originator_id = ? AND topic LIKE ?",
                (course_id.hex, "%CertificationCourse.Scored"),
            ).fetchone()
            conn.execute(
                "UPDATE stored_events SET state = ? WHERE rowid = ?",
                (alter_state(state, delta), position),
            )
        return int(position)

    run_session_audit(settings, alter)
