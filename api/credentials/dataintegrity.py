"""Data Integrity proofs with the ``eddsa-jcs-2022`` cryptosuite (W3C vc-di-eddsa 1.0, §3.3).

hashData = SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(document without proof)); the
proof value is the Ed25519 signature of those 64 bytes, multibase base58btc (``z...``). The
proof configuration carries the document's ``@context``. JCS is RFC 8785 (``rfc8785``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CRYPTOSUITE = "eddsa-jcs-2022"
ED25519_PUBLIC_PREFIX = b"\xed\x01"  # multicodec ed25519-pub
ED25519_PRIVATE_PREFIX = b"\x80\x26"  # multicodec ed25519-priv


def multibase(data: bytes) -> str:
    """Multibase base58btc (``z`` prefix)."""
    return "z" + base58.b58encode(data).decode("ascii")


def from_multibase(text: str) -> bytes:
    """The bytes of a base58btc multibase string (``ValueError`` otherwise)."""
    if not text.startswith("z"):
        raise ValueError("only base58btc multibase ('z...') is supported")
    return base58.b58decode(text[1:])


def public_key_multibase(key: Ed25519PublicKey) -> str:
    """The Multikey ``publicKeyMultibase`` of an Ed25519 public key (``z6Mk...``)."""
    return multibase(ED25519_PUBLIC_PREFIX + key.public_bytes_raw())


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    """The Ed25519 public key of a ``publicKeyMultibase``."""
    raw = from_multibase(text)
    if raw[:2] != ED25519_PUBLIC_PREFIX or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey public key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_from_multibase(text: str) -> Ed25519PrivateKey:
    """The Ed25519 private key of a ``secretKeyMultibase`` (``z3u2...``)."""
    raw = from_multibase(text)
    if raw[:2] != ED25519_PRIVATE_PREFIX or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey secret key")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    """The 64 bytes an ``eddsa-jcs-2022`` signature covers."""
    return (
        hashlib.sha256(rfc8785.dumps(proof_config)).digest()
        + hashlib.sha256(rfc8785.dumps(document)).digest()
    )


def add_proof(
    document: dict[str, Any],
    key: Ed25519PrivateKey,
    *,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """The document secured with a new ``DataIntegrityProof`` (the input is not changed)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    signature = key.sign(hash_data(unsecured, proof))
    return {**unsecured, "proof": {**proof, "proofValue": multibase(signature)}}


KeyResolver = Callable[[str], Ed25519PublicKey | None]
"""The public key of a verification method id, or None if the issuer does not own it."""


def verify_proof(secured: dict[str, Any], resolve: KeyResolver) -> str | None:
    """None when the proof verifies; otherwise why not, in a few words."""
    proof = secured.get("proof")
    if not isinstance(proof, dict):
        return "the document has no proof"
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return f"the proof is not a DataIntegrityProof with cryptosuite {CRYPTOSUITE}"
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    if "@context" in options:
        context = options["@context"]
        document_context = unsecured.get("@context")
        if not isinstance(context, list) or not isinstance(document_context, list):
            return "the proof's @context does not match the document's"
        if document_context[: len(context)] != context:
            return "the proof's @context does not match the document's"
        unsecured["@context"] = context
    key = resolve(str(proof.get("verificationMethod", "")))
    if key is None:
        return "the verification method is not one of the issuer's keys"
    try:
        signature = from_multibase(str(proof.get("proofValue", "")))
        key.verify(signature, hash_data(unsecured, options))
    except (ValueError, InvalidSignature):
        return "the signature does not match the document"
    return None
