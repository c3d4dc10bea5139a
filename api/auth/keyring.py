"""Where token signing keys come from, safest first.

1. ``CERTLEDGER_TOKEN_KEYS`` (a JSON map kid -> key, each at least 32 bytes): always wins.
2. ``CERTLEDGER_ENV=demo``: the built-in development key, published in this file, with a loud
   warning at every start (anyone can forge tokens for such a server).
3. The embedded SQLite store: a random key generated on first run into
   ``<home>/token-keys.json`` (mode 0600), read again on later runs and by every process of
   ``serve --workers N`` on this machine.
4. The in-memory store: one random key for this process (its data dies with it anyway).
5. PostgreSQL without keys: refused; several machines must share one configured key.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import secrets
from pathlib import Path

from api.settings import Settings
from domain.errors import InvalidInputError

# Known to everyone who reads this file: used only when CERTLEDGER_ENV=demo.
DEMO_KEYS = {"dev": "certledger-dev-only-signing-key-never-use-in-production"}
MIN_KEY_BYTES = 32
KEY_FILE = "token-keys.json"

log = logging.getLogger("certledger.auth")


def keyring_from_settings(settings: Settings) -> tuple[dict[str, str], str]:
    """The signing keys by kid and the active kid (see the module docstring for the order)."""
    if settings.token_keys is not None:
        return _configured(settings.token_keys.get_secret_value(), settings.token_active_kid)
    if settings.env == "demo":
        log.warning(
            "certledger: WARNING: tokens are signed with the built-in DEVELOPMENT SIGNING KEY "
            "(CERTLEDGER_ENV=demo): anyone can forge them; never expose this server"
        )
        return dict(DEMO_KEYS), "dev"
    if settings.backend == "memory":
        return {"local": _process_key()}, "local"
    if settings.backend == "sqlite":
        return _generated(settings.home / KEY_FILE)
    raise InvalidInputError(
        "CERTLEDGER_TOKEN_KEYS must be set (a JSON map kid -> key of at least "
        f"{MIN_KEY_BYTES} bytes) when the store is PostgreSQL; CERTLEDGER_ENV=demo uses a "
        "published development key instead"
    )


@functools.cache
def _process_key() -> str:
    """One random key for this process: every part of it (tokens, CSRF, links) agrees."""
    return secrets.token_urlsafe(48)


def _configured(text: str, active_kid: str | None) -> tuple[dict[str, str], str]:
    try:
        keys = json.loads(text)
    except json.JSONDecodeError:
        raise InvalidInputError("CERTLEDGER_TOKEN_KEYS is not valid JSON") from None
    if not isinstance(keys, dict) or not keys or not all(isinstance(v, str) for v in keys.values()):
        raise InvalidInputError("CERTLEDGER_TOKEN_KEYS must be a JSON object kid -> key string")
    if any(len(v.encode("utf-8")) < MIN_KEY_BYTES for v in keys.values()):
        raise InvalidInputError(f"every token key needs at least {MIN_KEY_BYTES} bytes")
    active = active_kid or (next(iter(keys)) if len(keys) == 1 else None)
    if active is None or active not in keys:
        raise InvalidInputError("CERTLEDGER_TOKEN_ACTIVE_KID must name one of the token keys")
    return {str(k): v for k, v in keys.items()}, active


def _generated(path: Path) -> tuple[dict[str, str], str]:
    """The key kept in ``path``, created there (owner-only) by the first process to look."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"local": secrets.token_urlsafe(48)})
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process of this server wrote it first: read theirs
        else:
            with os.fdopen(fd, "w") as f:
                f.write(text)
            log.warning("certledger: generated a token signing key into %s (first run)", path)
    return _configured(path.read_text(), None)
