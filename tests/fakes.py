"""Fakes for ports whose real adapters live in other contexts (not mocks: they behave)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.bank import ItemBank
from domain.framework import Framework
from domain.ports import AggregateReader
from domain.positioning.certifiability import Certifiability
from domain.positioning.profiles import PositioningProfiles
from domain.positioning.v2_profile import V2Profile

ERASED = "[erased]"


@dataclass
class InMemoryVault:
    """Seals by tagging values with their key id; erasing a key makes its values unreadable."""

    keys: set[UUID] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)

    def create_key(self, key_id: UUID) -> None:
        self.keys.add(key_id)

    def create_keys(self, key_ids: Sequence[UUID]) -> None:
        self.keys.update(key_ids)

    def seal(self, key_id: UUID, value: str) -> str:
        token = f"sealed:{key_id}:{hashlib.sha256(f'{key_id}{value}'.encode()).hexdigest()[:16]}"
        self.values[token] = value
        return token

    def unseal(self, sealed: str) -> str:
        key_id = UUID(sealed.split(":")[1])
        return self.values[sealed] if key_id in self.keys else ERASED

    def erase(self, key_id: UUID) -> bool:
        existed = key_id in self.keys
        self.keys.discard(key_id)
        return existed

    def blind_index(self, value: str) -> str:
        return hashlib.sha256(b"index:" + value.encode()).hexdigest()


@dataclass
class FakeProfiles:
    """Certification's positioning port with certifiability faked by user.

    Certifiable unless listed in ``not_certifiable``; the v2 profile is positioning's own,
    read from the ledger's store once ``factory`` has built the port over it.
    """

    not_certifiable: set[UUID] = field(default_factory=set)
    real: PositioningProfiles | None = None

    def factory(self, find: AggregateReader, framework: Framework, bank: ItemBank) -> FakeProfiles:
        """A ``ProfilesFactory``: give it to the ledger at construction."""
        self.real = PositioningProfiles(find, framework, bank)
        return self

    def get_v2_profile(self, learner_id: UUID, at: datetime, locale: str) -> V2Profile:
        assert self.real is not None, "build the ledger with profiles=FakeProfiles().factory"
        return self.real.get_v2_profile(learner_id, at, locale)

    def get_certifiability(self, learner_id: UUID, at: datetime) -> Certifiability:
        level = 0 if learner_id in self.not_certifiable else 2
        codes = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
        return Certifiability(
            is_certifiable=level > 0,
            competence_levels=dict.fromkeys(codes, level),
            pix_score=level * 8 * len(codes),
            at=at,
        )
