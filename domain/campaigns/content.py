"""What a campaign's smart random needs, built once per campaign and ledger from its skills."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.bank import ItemBank
from domain.campaigns.target_profiles import CampaignSkill
from domain.positioning.knowledge import TargetSkill
from domain.positioning.smart_random import ChallengeOption, Pool


@dataclass(frozen=True)
class CampaignContent:
    """Target skills (campaign order), servable challenges of those skills (id order)."""

    targets: tuple[TargetSkill, ...]
    challenges: tuple[ChallengeOption, ...]
    skills: dict[str, CampaignSkill]
    competences: tuple[str, ...]
    pool: Pool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pool", Pool.of(self.targets, self.challenges))

    @classmethod
    def of(cls, skills: tuple[CampaignSkill, ...], bank: ItemBank) -> CampaignContent:
        """The campaign's recorded skills; challenges from the bank in force, of those skills."""
        by_id = {s.id: s for s in skills}
        return cls(
            targets=tuple(TargetSkill(s.id, s.tube_id, s.difficulty, s.pix_value) for s in skills),
            challenges=tuple(
                ChallengeOption(c.id, c.skill_id, c.is_timed)
                for c in bank.servable_challenges()
                if c.skill_id in by_id
            ),
            skills=by_id,
            competences=tuple(sorted({s.competence_code for s in skills})),
        )

    def targets_of(self, competence_code: str) -> tuple[TargetSkill, ...]:
        """The target skills of one competence (inference stays inside a tube anyway)."""
        return tuple(
            t for t in self.targets if self.skills[t.id].competence_code == competence_code
        )
