"""What certification needs from other contexts, as small protocols passed in at construction.

From positioning: the learner's certifiability and the v2 placement profile, each as it stood
at an instant (``domain.positioning.profiles.PositioningProfiles`` implements both). The kernel
ports (personal-data vault, password cost) are in ``domain.ports``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.bank import ItemBank
from domain.framework import Framework
from domain.ports import AggregateReader
from domain.positioning.certifiability import Certifiability
from domain.positioning.v2_profile import V2Profile


class CertificationProfiles(Protocol):
    """Positioning as certification reads it: the profile at an instant, from the events."""

    def get_certifiability(self, learner_id: UUID, at: datetime) -> Certifiability:
        """Whether the learner could sit a certification at ``at``, and with what levels."""
        ...

    def get_v2_profile(self, learner_id: UUID, at: datetime, locale: str) -> V2Profile:
        """What a v2 test is drawn from, as the learner's profile stood at ``at``."""
        ...


ProfilesFactory = Callable[[AggregateReader, Framework, ItemBank], CertificationProfiles]
"""Builds the profiles port over the ledger's store (the store exists once the ledger does)."""
