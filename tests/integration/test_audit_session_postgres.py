"""Auditors on the demo session, on PostgreSQL."""

from __future__ import annotations

from uuid import UUID

import psycopg
import pytest

from api.settings import Settings
from tests.contracts.audit_session_contract import alter_state, run_session_audit

pytestmark = pytest.mark.postgres


def test_auditor_replays_verifies_and_catches_forgeries_on_postgres(
    postgres_settings: Settings,
) -> None:
    assert postgres_settings.database_url is not None
    url, _, query = postgres_settings.database_url.partition("?")
    table = f'"{query.removeprefix("schema=")}".ledger_events'

    def alter(course_id: UUID, delta: int, _: int) -> int:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute(
                f"SELECT notification_id, state FROM {table} "
                "WHERE originator_id = %s AND topic LIKE %s".encode(),
                (course_id, "%CertificationCourse.Scored"),
            ).fetchone()
            assert row is not None
            conn.execute(
                f"UPDATE {table} SET state = %s WHERE notification_id = %s".encode(),
                (alter_state(bytes(row[1]), delta), row[0]),
            )
        return int(row[0])

    run_session_audit(postgres_settings, alter)
