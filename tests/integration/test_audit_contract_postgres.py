"""Tampering with the PostgreSQL store is found by ``audit verify``, with its position."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest
from psycopg import sql

from api.settings import Settings
from tests.conftest import TEST_TOKEN_KEYS
from tests.contracts.audit_contract import SCENARIOS, StoreAccess, print_table, run_scenario

pytestmark = pytest.mark.postgres


class PostgresAccess(StoreAccess):
    def __init__(self, settings: Settings) -> None:
        assert settings.database_url is not None
        base, _, query = settings.database_url.partition("?")
        self.url = base
        self.schema = query.removeprefix("schema=")

    def _run(self, query: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))
            cur = conn.execute(query.encode(), params)
            return cur.fetchall() if cur.description else []

    def rows(self) -> list[tuple[int, Any, int, str, bytes]]:
        return [
            (r[0], r[1], r[2], r[3], bytes(r[4]))
            for r in self._run(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                "FROM ledger_events ORDER BY notification_id"
            )
        ]

    def set_state(self, position: int, state: bytes) -> None:
        self._run(
            "UPDATE ledger_events SET state = %s WHERE notification_id = %s", (state, position)
        )

    def delete(self, position: int) -> None:
        self._run("DELETE FROM ledger_events WHERE notification_id = %s", (position,))

    def insert(
        self, position: int, originator_id: Any, version: int, topic: str, state: bytes
    ) -> None:
        self._run(
            "INSERT INTO ledger_events (notification_id, originator_id, originator_version, topic, "
            "state) VALUES (%s, %s, %s, %s, %s)",
            (position, originator_id, version, topic, state),
        )

    def move(self, position: int, to: int) -> None:
        self._run(
            "UPDATE ledger_events SET notification_id = %s WHERE notification_id = %s",
            (to, position),
        )

    def checkpoint_note(self, size: int) -> str:
        return str(
            self._run("SELECT note FROM audit_log_checkpoints WHERE size = %s", (size,))[0][0]
        )

    def alter_checkpoint_note(self, size: int, note: str) -> None:
        self._run("UPDATE audit_log_checkpoints SET note = %s WHERE size = %s", (note, size))


def test_every_tampering_is_found_with_its_position_on_postgres(
    postgres_database: str, tmp_path: Any
) -> None:
    results = []
    for n, scenario in enumerate(SCENARIOS):
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(postgres_database, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        settings = Settings(
            database_url=f"{postgres_database}?schema={schema}",
            home=tmp_path / f"h{n}",
            postgres_pool_size=2,
            token_keys=TEST_TOKEN_KEYS,
        )
        results.append(run_scenario(settings, PostgresAccess, scenario))
    print_table("PostgreSQL", results)
    assert len(results) == len(SCENARIOS)
