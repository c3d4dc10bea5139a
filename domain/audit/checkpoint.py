"""C2SP ``tlog-checkpoint`` bodies wrapped in C2SP ``signed-note`` signatures (Ed25519).

Checkpoint body: three lines, the origin, the tree size and the base64 root. Signed note:
the body, a blank line, then ``— <key name> <base64(4-byte key id || signature)>`` per
signer. Key id (Ed25519) = SHA-256(key name || 0x0A || 0x01 || public key)[:4]. The public
key is shared as a note verifier key, ``<name>+<hex key id>+<base64(0x01 || public key)>``,
as Go's ``sumdb/note`` does.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from domain.audit.errors import CheckpointError

ED25519 = b"\x01"
DASH = "\u2014 "


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed tree head: the log ``origin`` had ``size`` leaves with root ``root``."""

    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        """The checkpoint text (the signed note's text), final newline included."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def key_id(name: str, public: bytes) -> bytes:
    """The signed-note key id of an Ed25519 key."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def raw_public(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def verifier_key(name: str, key: Ed25519PublicKey) -> str:
    """The note verifier key string that ``check`` needs."""
    public = raw_public(key)
    encoded = base64.b64encode(ED25519 + public).decode()
    return f"{name}+{key_id(name, public).hex()}+{encoded}"


def parse_verifier_key(vkey: str) -> tuple[str, bytes, Ed25519PublicKey]:
    """(name, key id, public key) from a verifier key string."""
    try:
        name, hex_id, encoded = vkey.strip().split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
        kid = bytes.fromhex(hex_id)
    except ValueError:
        raise CheckpointError("malformed verifier key") from None
    if raw[:1] != ED25519 or len(raw) != 33 or key_id(name, raw[1:]) != kid:
        raise CheckpointError("verifier key is not an Ed25519 key matching its key id")
    return name, kid, Ed25519PublicKey.from_public_bytes(raw[1:])


def sign(checkpoint: Checkpoint, name: str, key: Ed25519PrivateKey) -> str:
    """The signed note of ``checkpoint``."""
    text = checkpoint.body()
    signature = key.sign(text.encode())
    blob = base64.b64encode(key_id(name, raw_public(key.public_key())) + signature).decode()
    return f"{text}\n{DASH}{name} {blob}\n"


def check(note: str, vkey: str, origin: str | None = None) -> Checkpoint:
    """The checkpoint of a signed note whose signature by ``vkey`` verifies, else an error."""
    name, kid, public = parse_verifier_key(vkey)
    text, sep, signatures = note.partition("\n\n")
    if not sep:
        raise CheckpointError("not a signed note: no blank line before the signatures")
    text += "\n"
    verified = False
    for line in signatures.splitlines():
        if not line.startswith(DASH):
            raise CheckpointError("malformed signature line")
        signer, _, blob = line[len(DASH) :].rpartition(" ")
        try:
            raw = base64.b64decode(blob, validate=True)
        except ValueError:
            raise CheckpointError("signature is not base64") from None
        if signer != name or raw[:4] != kid:
            continue
        try:
            public.verify(raw[4:], text.encode())
        except InvalidSignature:
            raise CheckpointError(f"signature by {name} does not verify") from None
        verified = True
    if not verified:
        raise CheckpointError(f"no signature by {name}")
    return parse_body(text, origin)


def parse_body(text: str, origin: str | None = None) -> Checkpoint:
    """Parse a checkpoint body (origin, size, root, optional extension lines)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise CheckpointError("a checkpoint has an origin, a size and a root hash line")
    try:
        size = int(lines[1])
        root = base64.b64decode(lines[2], validate=True)
    except ValueError:
        raise CheckpointError("malformed size or root hash") from None
    if size < 0 or len(root) != 32 or str(size) != lines[1]:
        raise CheckpointError("malformed size or root hash")
    if origin is not None and lines[0] != origin:
        raise CheckpointError(f"checkpoint is for log {lines[0]!r}, not {origin!r}")
    return Checkpoint(lines[0], size, root)
