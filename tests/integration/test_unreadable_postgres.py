"""Damaged and missing stored events on PostgreSQL."""

from __future__ import annotations

from uuid import UUID

import psycopg
import pytest

from api.settings import Settings
from tests.contracts.unreadable_contract import UnreadableContract

pytestmark = pytest.mark.postgres


class TestUnreadableOnPostgres(UnreadableContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings

    def _run(
        self, settings: Settings, query: str, params: tuple[object, ...]
    ) -> list[tuple[int, int]]:
        assert settings.database_url is not None
        url, _, q = settings.database_url.partition("?")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'SET search_path TO "{q.removeprefix("schema=")}"'.encode())
            cur = conn.execute(query.encode(), params)
            return cur.fetchall() if cur.description else []

    def rows(self, settings: Settings, originator_id: UUID) -> list[tuple[int, int]]:
        return self._run(
            settings,
            "SELECT notification_id, originator_version FROM ledger_events "
            "WHERE originator_id = %s ORDER BY originator_version",
            (originator_id,),
        )

    def damage(self, settings: Settings, position: int) -> None:
        self._run(
            settings,
            "UPDATE ledger_events SET state = %s WHERE notification_id = %s",
            (b"\xffnot json", position),
        )

    def remove(self, settings: Settings, position: int) -> None:
        self._run(settings, "DELETE FROM ledger_events WHERE notification_id = %s", (position,))
