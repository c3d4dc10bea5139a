"""The checkpoint signing key: configured, or generated once into the home (never half-read)."""

from __future__ import annotations

import base64
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import SecretStr

from api.audit_keys import KEY_FILE, encode, signing_key
from api.settings import Settings
from domain.errors import InvalidInputError


def test_processes_starting_together_share_one_generated_key(tmp_path: Path) -> None:
    settings = Settings(database_url="memory://", home=tmp_path / "home")
    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: encode(signing_key(settings)), range(32)))
    assert len(set(keys)) == 1
    path = settings.home / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [KEY_FILE]


def test_a_configured_key_wins_and_a_malformed_one_is_refused(tmp_path: Path) -> None:
    raw = base64.b64encode(bytes(range(32))).decode()
    settings = Settings(database_url="memory://", home=tmp_path, audit_signing_key=SecretStr(raw))
    assert encode(signing_key(settings)) == raw
    assert not (tmp_path / KEY_FILE).exists()
    bad = settings.model_copy(update={"audit_signing_key": SecretStr("c2hvcnQ=")})
    with pytest.raises(InvalidInputError, match="32 bytes"):
        signing_key(bad)
