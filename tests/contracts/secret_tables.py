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


def assert_each_erasure_bumps_the_generation_seen_by_another_instance(
    tables: SecretTables, other: SecretTables
) -> None:
    """``other``: the same store opened again (another process), or ``tables`` in memory."""
    key = str(uuid4())
    assert tables.insert("personal_data_keys", key, b"k")
    before = other.erasure_generation()
    assert tables.erase("personal_data_keys", key)
    assert tables.get("personal_data_keys", key) is None
    assert other.erasure_generation() == before + 1
    assert not tables.erase("personal_data_keys", key)  # gone already: still counted
    assert other.erasure_generation() == before + 2
    assert tables.delete("revoked_tokens", "nothing") is False
    assert other.erasure_generation() == before + 2  # a plain delete is no erasure
