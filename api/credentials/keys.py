"""The issuer's signing keys and their DID documents, with rotation.

Keys come from ``CERTLEDGER_CREDENTIAL_KEYS`` (JSON ``{"kid": "<base64url 32-byte seed>"}``,
the signing one named by ``CERTLEDGER_CREDENTIAL_ACTIVE_KID``), or, when none is configured,
one key generated on first run into the store's secret tables (beside the ledger: in the
embedded home on SQLite), shared by every process. No key is built into the code.

Every configured key stays published, so credentials signed with a retired key keep
verifying. With ``CERTLEDGER_CREDENTIAL_DID_DOMAIN`` the issuer is ``did:web:<domain>`` (one
DID document listing every key, served at ``/.well-known/did.json``); without it each key is
its own ``did:key``, which resolves from the key itself.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from api.credentials.dataintegrity import public_key_multibase
from api.settings import Settings
from api.storage.secret_tables import SecretTables
from domain.errors import InvalidInputError

_TABLE = "credential_keys"
_GENERATED_KID = "generated-1"
_LINK_KEY = "attestation-links"
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


@dataclass(frozen=True)
class IssuerKey:
    """One key: its configured id, the private key, and the Multikey public form."""

    kid: str
    private: Ed25519PrivateKey
    multibase: str

    @property
    def public(self) -> Ed25519PublicKey:
        """The public half."""
        return self.private.public_key()


class Issuer:
    """Who signs: the active key, every published key, and the DID documents."""

    def __init__(
        self,
        keys: dict[str, Ed25519PrivateKey],
        active_kid: str,
        *,
        did_domain: str | None = None,
        name: str = "certledger",
    ) -> None:
        if active_kid not in keys:
            raise InvalidInputError(f"the active credential key {active_kid!r} is not configured")
        self.keys = {
            kid: IssuerKey(kid, key, public_key_multibase(key.public_key()))
            for kid, key in keys.items()
        }
        self.active = self.keys[active_kid]
        self.did_domain = did_domain
        self.name = name

    def did(self, key: IssuerKey | None = None) -> str:
        """The issuer's DID (for ``key``, the active one by default)."""
        if self.did_domain:
            return "did:web:" + quote(self.did_domain, safe=".-")
        return f"did:key:{(key or self.active).multibase}"

    def method_id(self, key: IssuerKey | None = None) -> str:
        """The verification method id of ``key`` (the active one by default)."""
        key = key or self.active
        return f"{self.did(key)}#{key.multibase}"

    def resolve(self, method_id: str) -> Ed25519PublicKey | None:
        """The public key of one of our verification methods, or None."""
        for key in self.keys.values():
            if self.method_id(key) == method_id:
                return key.public
        return None

    def did_document(self, key: IssuerKey | None = None) -> dict[str, Any]:
        """The DID document: did:web lists every key; a did:key lists its one key."""
        keys = list(self.keys.values()) if self.did_domain else [key or self.active]
        did = self.did(keys[0])
        methods = [
            {
                "id": self.method_id(k),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": k.multibase,
            }
            for k in keys
        ]
        ids = [m["id"] for m in methods]
        return {
            "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
            "id": did,
            "verificationMethod": methods,
            "assertionMethod": ids,
            "authentication": ids,
        }

    def did_documents(self) -> list[dict[str, Any]]:
        """Every DID document the issuer publishes (one per key for did:key)."""
        if self.did_domain:
            return [self.did_document()]
        return [self.did_document(k) for k in self.keys.values()]


def issuer_from_settings(settings: Settings, tables: SecretTables) -> Issuer:
    """The configured keys, or the generated one (created once, shared through ``tables``)."""
    if settings.credential_keys is not None:
        try:
            raw = json.loads(settings.credential_keys.get_secret_value())
            keys = {
                str(kid): Ed25519PrivateKey.from_private_bytes(_b64(str(seed)))
                for kid, seed in raw.items()
            }
        except (ValueError, AttributeError, TypeError) as e:
            raise InvalidInputError(
                "CERTLEDGER_CREDENTIAL_KEYS must be a JSON object of kid -> base64url "
                f"32-byte Ed25519 seed ({type(e).__name__})"
            ) from None
        if not keys:
            raise InvalidInputError("CERTLEDGER_CREDENTIAL_KEYS names no key")
        active = settings.credential_active_kid or (next(iter(keys)) if len(keys) == 1 else "")
        return Issuer(keys, active, did_domain=settings.credential_did_domain)
    # Insert-once: concurrent first runs keep whichever key was stored first.
    tables.insert(_TABLE, _GENERATED_KID, os.urandom(32))
    seed = tables.get(_TABLE, _GENERATED_KID)
    assert seed is not None
    key = Ed25519PrivateKey.from_private_bytes(seed)
    return Issuer({_GENERATED_KID: key}, _GENERATED_KID, did_domain=settings.credential_did_domain)


def attestation_link_key(tables: SecretTables) -> bytes:
    """The key attestation links are derived with (generated once, shared by every process)."""
    tables.insert(_TABLE, _LINK_KEY, os.urandom(32))
    key = tables.get(_TABLE, _LINK_KEY)
    assert key is not None
    return key


def _b64(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise ValueError("an Ed25519 seed is 32 bytes")
    return raw
