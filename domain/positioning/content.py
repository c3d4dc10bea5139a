"""What positioning needs from the item bank for one competence, computed once per ledger."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.bank import ItemBank, Skill, Tutorial
from domain.positioning.knowledge import TargetSkill
from domain.positioning.smart_random import ChallengeOption, Pool


@dataclass(frozen=True)
class CompetenceContent:
    """Target skills (bank order) and servable challenges (id order) of one competence."""

    competence_code: str
    targets: tuple[TargetSkill, ...]
    challenges: tuple[ChallengeOption, ...]
    skills: dict[str, Skill]
    pool: Pool = field(init=False, repr=False)
    target_ids: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pool", Pool.of(self.targets, self.challenges))
        object.__setattr__(self, "target_ids", frozenset(self.skills))

    @classmethod
    def of(cls, bank: ItemBank, competence_code: str) -> CompetenceContent:
        """Every skill of the competence is a target (the bank holds active skills only)."""
        skills = [s for s in bank.skills if s.competence_code == competence_code]
        return cls(
            competence_code=competence_code,
            targets=tuple(TargetSkill(s.id, s.tube_id, s.difficulty, s.pix_value) for s in skills),
            challenges=tuple(
                ChallengeOption(c.id, c.skill_id, c.is_timed)
                for c in bank.servable_challenges(competence_code)
            ),
            skills={s.id: s for s in skills},
        )


def find_tutorial(bank: ItemBank, tutorial_id: str) -> tuple[Tutorial, Skill] | None:
    """The tutorial with this id and the skill offering it, or None."""
    for skill in bank.skills:
        for tutorial in skill.tutorials:
            if tutorial.id == tutorial_id:
                return tutorial, skill
    return None
