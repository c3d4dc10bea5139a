"""C2SP checkpoints and signed notes: format, key id, and every way a note can be wrong."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.audit.checkpoint import Checkpoint, check, key_id, raw_public, sign, verifier_key
from domain.audit.errors import CheckpointError

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
ORIGIN = "certledger.test/ledger"
ROOT = hashlib.sha256(b"root").digest()


def test_the_note_is_the_checkpoint_body_a_blank_line_and_one_signature_line() -> None:
    note = sign(Checkpoint(ORIGIN, 42, ROOT), ORIGIN, KEY)
    body, signatures = note.split("\n\n")
    assert body + "\n" == f"{ORIGIN}\n42\n{base64.b64encode(ROOT).decode()}\n"
    line = signatures.rstrip("\n")
    assert line.startswith(f"\u2014 {ORIGIN} ")
    blob = base64.b64decode(line.rsplit(" ", 1)[1])
    assert (
        blob[:4]
        == hashlib.sha256(ORIGIN.encode() + b"\n\x01" + raw_public(KEY.public_key())).digest()[:4]
    )
    assert len(blob) == 4 + 64


def test_a_signed_checkpoint_checks_with_its_verifier_key() -> None:
    vkey = verifier_key(ORIGIN, KEY.public_key())
    name, kid, encoded = vkey.split("+", 2)
    assert (name, bytes.fromhex(kid)) == (ORIGIN, key_id(ORIGIN, raw_public(KEY.public_key())))
    assert base64.b64decode(encoded)[0] == 1
    cp = check(sign(Checkpoint(ORIGIN, 7, ROOT), ORIGIN, KEY), vkey, ORIGIN)
    assert cp == Checkpoint(ORIGIN, 7, ROOT)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n: n.replace("\n7\n", "\n8\n"), "does not verify"),
        (lambda n: n.replace(ORIGIN, "certledger.other/ledger", 1), "does not verify"),
        (lambda n: n[:-6] + ("A" if n[-6] != "A" else "B") + n[-5:], "does not verify|base64"),
        (lambda n: n.replace("\n\n", "\n"), "no blank line"),
        (lambda n: n.split("\n\n")[0] + "\n\n", "no signature"),
        (lambda n: n.replace("\u2014", "-"), "malformed signature"),
    ],
)
def test_a_tampered_note_is_refused(change: object, message: str) -> None:
    vkey = verifier_key(ORIGIN, KEY.public_key())
    note = sign(Checkpoint(ORIGIN, 7, ROOT), ORIGIN, KEY)
    with pytest.raises(CheckpointError, match=message):
        check(change(note), vkey, ORIGIN)  # type: ignore[operator]


def test_another_key_or_another_origin_is_refused() -> None:
    note = sign(Checkpoint(ORIGIN, 7, ROOT), ORIGIN, KEY)
    other = verifier_key(ORIGIN, Ed25519PrivateKey.generate().public_key())
    with pytest.raises(CheckpointError, match="no signature by"):
        check(note, other, ORIGIN)
    with pytest.raises(CheckpointError, match=r"not 'certledger\.elsewhere"):
        check(note, verifier_key(ORIGIN, KEY.public_key()), "certledger.elsewhere/ledger")
    with pytest.raises(CheckpointError, match="malformed verifier key"):
        check(note, "nonsense", ORIGIN)
