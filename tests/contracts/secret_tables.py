"""What every SecretTables backend must do with recent rows (the revocation set relies on it)."""

from __future__ import annotations

from uuid import uuid4

from api.storage.secret_tables import SecretTables


def assert_recent_keys_lists_rows_just_inserted(tables: SecretTables) -> None:
    key = f"jti-{uuid4().hex}"
    assert key not in tables.recent_keys("revoked_tokens", 60)
    assert tables.insert("revoked_tokens", key, b"1")
    assert key in tables.recent_keys("revoked_tokens", 60)
    assert key in tables.recent_keys("revoked_tokens", 0.5)
    assert key not in tables.recent_keys("personal_data_keys", 60)
