from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from psycopg import sql

from api.settings import Settings
from tests.contracts.cipher import assert_unreadable, cipher_settings, record_with_cipher

pytestmark = pytest.mark.postgres


def test_cipher_key_encrypts_every_stored_event_on_postgres(postgres_settings: Settings) -> None:
    settings = cipher_settings(postgres_settings)
    record_with_cipher(settings)
    url = settings.database_url or ""
    schema = parse_qs(urlsplit(url).query)["schema"][0]
    with psycopg.connect(url.split("?")[0]) as conn:
        rows = conn.execute(
            sql.SQL("SELECT state FROM {}.ledger_events").format(sql.Identifier(schema))
        ).fetchall()
    assert_unreadable([bytes(r[0]) for r in rows])
