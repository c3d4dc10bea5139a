"""Builders shared by the positioning unit tests: skills, elements and challenge options."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from domain.positioning.knowledge import DIRECT, VALIDATED, KnowledgeElement, TargetSkill
from domain.positioning.smart_random import ChallengeOption

NOW = datetime(2018, 1, 10, 5, 0, tzinfo=UTC)
ASSESSMENT = UUID("00000000-0000-4000-8000-000000000001")


def tube(name: str, *difficulties: int, pix: float = 4.0) -> list[TargetSkill]:
    return [TargetSkill(f"{name}{d}", name, d, pix) for d in difficulties]


def element(
    skill: TargetSkill,
    status: str = VALIDATED,
    *,
    source: str = DIRECT,
    earned: float | None = None,
    at: datetime = NOW,
) -> KnowledgeElement:
    return KnowledgeElement(
        skill_id=skill.id,
        tube_id=skill.tube_id,
        difficulty=skill.difficulty,
        source=source,
        status=status,
        earned_pix=(skill.pix_value if status == VALIDATED else 0.0) if earned is None else earned,
        created_at=at,
        assessment_id=ASSESSMENT,
        challenge_id="c",
    )


def earned(pix: float, at: datetime = NOW, skill_id: str = "s") -> KnowledgeElement:
    return element(TargetSkill(skill_id, "t", 1, pix), at=at)


def options(*skills: TargetSkill, timed: tuple[str, ...] = ()) -> tuple[ChallengeOption, ...]:
    return tuple(ChallengeOption(f"ch-{s.id}", s.id, s.id in timed) for s in skills)
