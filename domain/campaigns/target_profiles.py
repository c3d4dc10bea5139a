"""Target profiles: tubes each capped at a level, giving a campaign its skills (spec §E).

Shipped profiles live in ``data/target-profiles-v<N>.json`` (a released file is never edited: a
new version is a new file). A profile names competences (every tube of each) or tubes, with a
cap level. At campaign creation the profile is resolved against the bank in force: every skill
of its tubes with difficulty <= the cap. The campaign records those skills, so a later bank or
framework version never changes a running campaign.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final

from domain.bank import ItemBank
from domain.campaigns.errors import TargetProfileNotFoundError

TARGET_PROFILES_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class CampaignSkill:
    """One skill a campaign assesses, as recorded at its creation."""

    id: str
    name: str
    tube_id: str
    competence_code: str
    difficulty: int
    pix_value: float

    def __deepcopy__(self, memo: dict[int, Any]) -> CampaignSkill:
        # Immutable: the repository's copy of a cached campaign can share it.
        return self

    def to_record(self) -> dict[str, Any]:
        """The fields stored in ``Campaign.Created``."""
        return {
            "id": self.id,
            "name": self.name,
            "tube_id": self.tube_id,
            "competence_code": self.competence_code,
            "difficulty": self.difficulty,
            "pix_value": self.pix_value,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CampaignSkill:
        """Back from the stored fields."""
        return cls(
            id=str(record["id"]),
            name=str(record["name"]),
            tube_id=str(record["tube_id"]),
            competence_code=str(record["competence_code"]),
            difficulty=int(record["difficulty"]),
            pix_value=float(record["pix_value"]),
        )


@dataclass(frozen=True)
class TargetProfile:
    """A shipped target profile: ``tubes`` maps tube ids to cap levels once resolved.

    ``competences`` ("all" or codes) and ``level`` cap every tube of those competences;
    ``reset_allowed`` lets learners reset the campaign's skills on a retry (spec §E).
    """

    id: str
    version: int
    name: str
    reset_allowed: bool
    competences: tuple[str, ...]
    level: int

    def tube_caps(self, bank: ItemBank) -> dict[str, int]:
        """Every tube of the profile's competences, capped at the profile's level."""
        wanted = None if self.competences == ("all",) else set(self.competences)
        return {
            t.id: self.level for t in bank.tubes if wanted is None or t.competence_code in wanted
        }

    def skills(self, bank: ItemBank) -> tuple[CampaignSkill, ...]:
        """The campaign skills: each tube's skills up to its cap, in bank order."""
        caps = self.tube_caps(bank)
        return tuple(
            CampaignSkill(s.id, s.name, s.tube_id, s.competence_code, s.difficulty, s.pix_value)
            for s in bank.skills
            if s.tube_id in caps and s.difficulty <= caps[s.tube_id]
        )

    def to_record(self) -> dict[str, Any]:
        """What the campaign records of its profile."""
        return {
            "id": self.id,
            "version": self.version,
            "name": self.name,
            "reset_allowed": self.reset_allowed,
            "competences": list(self.competences),
            "level": self.level,
        }


@lru_cache(maxsize=4)
def load_target_profiles(version: int = TARGET_PROFILES_VERSION) -> dict[str, TargetProfile]:
    """The shipped target profiles of file version ``version``, by id."""
    text = (
        resources.files("domain.campaigns")
        .joinpath(f"data/target-profiles-v{version}.json")
        .read_text(encoding="utf-8")
    )
    raw = json.loads(text)
    found = {}
    for p in raw["target_profiles"]:
        competences = p["competences"]
        found[p["id"]] = TargetProfile(
            id=p["id"],
            version=int(raw["version"]),
            name=p["name"],
            reset_allowed=bool(p["reset_allowed"]),
            competences=("all",) if competences == "all" else tuple(competences),
            level=int(p["level"]),
        )
    return found


def get_target_profile(profile_id: str) -> TargetProfile:
    """The shipped profile with this id; ``TargetProfileNotFoundError`` otherwise."""
    try:
        return load_target_profiles()[profile_id]
    except KeyError:
        raise TargetProfileNotFoundError(f"no target profile {profile_id!r}") from None
