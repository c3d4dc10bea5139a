"""With a cipher key, stored event state is unreadable in the raw table, yet replays."""

from __future__ import annotations

import base64
import os

from pydantic import SecretStr

from api import bootstrap
from api.settings import Settings
from tests.factories import WRONG, answer_run


def cipher_settings(settings: Settings) -> Settings:
    key = base64.b64encode(os.urandom(32)).decode()
    return settings.model_copy(update={"cipher_key": SecretStr(key)})


def record_with_cipher(settings: Settings) -> None:
    """Record a wrong answer (a known plaintext) and check the ledger still replays it."""
    container = bootstrap.build(settings)
    try:
        aid = answer_run(container.ledger, "w")
        assert container.ledger.get_assessment(aid).answers[0][1] == "ko"
    finally:
        container.close()


def assert_unreadable(states: list[bytes]) -> None:
    assert states, "no stored events were read"
    plaintext = WRONG.encode("utf-8")
    assert not any(plaintext in s for s in states)
    assert not any(b"AnswerRecorded" in s or b"challenge_id" in s for s in states)
