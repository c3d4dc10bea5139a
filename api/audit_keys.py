"""The checkpoint signing key: configured, or generated into the home on first run.

``CERTLEDGER_AUDIT_SIGNING_KEY`` holds the base64 of a 32-byte Ed25519 private key. Without it
the key is read from ``<home>/audit-signing.key``, created (mode 0600) by the first process
that needs it. There is no built-in key.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import tempfile

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from api.settings import Settings
from domain.errors import InvalidInputError

KEY_FILE = "audit-signing.key"


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The Ed25519 key that signs the audit log's checkpoints."""
    if settings.audit_signing_key is not None:
        return _decode(
            settings.audit_signing_key.get_secret_value(), "CERTLEDGER_AUDIT_SIGNING_KEY"
        )
    path = settings.home / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written whole under a temporary name, then linked into place: a process starting at
        # the same moment either finds no file or the complete key, never a half-written one,
        # and the first link wins (the others read the winner's key).
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
        try:
            with os.fdopen(fd, "w") as f:
                f.write(encode(Ed25519PrivateKey.generate()) + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return _decode(path.read_text().strip(), str(path))


def encode(key: Ed25519PrivateKey) -> str:
    """The base64 text form of a private key (what the setting and the file hold)."""
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def _decode(text: str, where: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise InvalidInputError(f"{where}: the audit signing key is not base64") from None
    if len(raw) != 32:
        raise InvalidInputError(f"{where}: the audit signing key must be 32 bytes (Ed25519)")
    return Ed25519PrivateKey.from_private_bytes(raw)
