"""The personal-data vault: AES-GCM field sealing with one key per person (crypto-shredding).

Sealed text reads ``pd1:<key id>:<base64url(nonce | ciphertext | tag)>``; the key id is bound
as associated data, so a field sealed for one person cannot be passed off as another's. Keys
live in the ``personal_data_keys`` table, never in the event store; deleting a key leaves
every copy of that person's fields unreadable, and ``unseal`` then answers ``ERASED``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from uuid import UUID, uuid5

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from api.storage.secret_tables import SecretTables
from domain.accounts import ERASED
from domain.ids import NAMESPACE

_TABLE = "personal_data_keys"
_PREFIX = "pd1"
# The blind-index key sits in the same table under a fixed id; it is never erased.
_BLIND_INDEX_KEY = str(uuid5(NAMESPACE, "personal-data/blind-index"))


_SEALING_KEYS_KEPT = 20_000


class FieldVault:
    """``domain.accounts.PersonalDataVault`` over a ``SecretTables`` store.

    Person keys are read on every unseal, not cached, so an erasure made by another process
    takes effect at once; only the blind-index key is cached.
    """

    def __init__(self, tables: SecretTables) -> None:
        self._tables = tables
        self._index_key: bytes | None = None
        # Keys this process just created, kept for sealing only: sealing with a key erased
        # meanwhile is harmless (what it seals is unreadable anyway), while unsealing always
        # reads the table so that an erasure shows at once.
        self._sealing_keys: OrderedDict[UUID, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def create_key(self, key_id: UUID) -> None:
        self.create_keys([key_id])

    def create_keys(self, key_ids: Sequence[UUID]) -> None:
        """Create several people's keys in one write (an enrolment of thousands)."""
        keys = {key_id: AESGCM.generate_key(bit_length=256) for key_id in key_ids}
        self._tables.insert_many(_TABLE, [(str(k), v) for k, v in keys.items()])
        with self._lock:
            self._sealing_keys.update(keys)
            while len(self._sealing_keys) > _SEALING_KEYS_KEPT:
                self._sealing_keys.popitem(last=False)

    def seal(self, key_id: UUID, value: str) -> str:
        with self._lock:
            key = self._sealing_keys.get(key_id)
        if key is None:
            key = self._tables.get(_TABLE, str(key_id))
        if key is None:
            raise LookupError(f"no personal-data key {key_id}: erased or never created")
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, value.encode("utf-8"), key_id.bytes)
        return f"{_PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def unseal(self, sealed: str) -> str:
        return self.unseal_many([sealed])[0]

    def unseal_many(self, sealed: list[str]) -> list[str]:
        """Several fields at once: each person's key is read once (a certificate's identity)."""
        keys: dict[str, bytes | None] = {}
        out = []
        for text in sealed:
            key_text = text.split(":", 2)[1] if text.count(":") >= 2 else ""
            if key_text not in keys:
                keys[key_text] = self._tables.get(_TABLE, key_text) if key_text else None
            out.append(self._unseal(text, keys[key_text]))
        return out

    def _unseal(self, sealed: str, key: bytes | None) -> str:
        prefix, key_text, payload = sealed.split(":", 2)
        if prefix != _PREFIX:
            raise ValueError(f"not sealed personal data: {prefix!r}")
        if key is None:
            return ERASED
        raw = base64.urlsafe_b64decode(payload)
        try:
            plain = AESGCM(key).decrypt(raw[:12], raw[12:], UUID(key_text).bytes)
        except InvalidTag:
            raise ValueError(f"sealed personal data under key {key_text} was altered") from None
        return plain.decode("utf-8")

    def erase(self, key_id: UUID) -> bool:
        with self._lock:
            self._sealing_keys.pop(key_id, None)
        # Counted: caches of unsealed text (the verification answers) see the erasure at once.
        return self._tables.erase(_TABLE, str(key_id))

    def blind_index(self, value: str) -> str:
        if self._index_key is None:
            self._tables.insert(_TABLE, _BLIND_INDEX_KEY, os.urandom(32))
            self._index_key = self._tables.get(_TABLE, _BLIND_INDEX_KEY)
            assert self._index_key is not None
        return hmac.new(self._index_key, value.encode("utf-8"), hashlib.sha256).hexdigest()
