from __future__ import annotations

import sqlite3

from api.settings import Settings
from tests.contracts.cipher import assert_unreadable, cipher_settings, record_with_cipher


def test_cipher_key_encrypts_every_stored_event_on_sqlite(sqlite_settings: Settings) -> None:
    settings = cipher_settings(sqlite_settings)
    record_with_cipher(settings)
    with sqlite3.connect(settings.sqlite_path) as conn:
        states = [bytes(r[0]) for r in conn.execute("SELECT state FROM stored_events")]
    assert_unreadable(states)


def test_without_a_key_the_state_is_plain_json(sqlite_settings: Settings) -> None:
    record_with_cipher(sqlite_settings)
    with sqlite3.connect(sqlite_settings.sqlite_path) as conn:
        states = [bytes(r[0]) for r in conn.execute("SELECT state FROM stored_events")]
    assert any(b"challenge_id" in s for s in states)
