"""Item bank responses: public data only, never solutions or calibrations."""

from __future__ import annotations

from pydantic import BaseModel


class TutorialPublic(BaseModel):
    id: str
    title: str
    url: str
    kind: str


class SkillPublic(BaseModel):
    id: str
    name: str
    difficulty: int
    pix_value: float
    tutorials: list[TutorialPublic]


class TubePublic(BaseModel):
    id: str
    name: str
    title: str
    competence_code: str
    skills: list[SkillPublic]


class ChallengePublic(BaseModel):
    """What a candidate may see of a challenge: no solution and no IRT calibration."""

    id: str
    type: str
    instruction: str
    proposals: str
    timer: int | None
    focused: bool
    has_attachment: bool
    has_image: bool
    has_embed: bool
    accessibility: list[str]
    locales: list[str]
    status: str
    skill_id: str
    tube_id: str
    competence_code: str


class ChallengesPublic(BaseModel):
    total: int
    offset: int
    items: list[ChallengePublic]


class CompetenceCoverage(BaseModel):
    competence_code: str
    tubes: int
    skills: int
    servable_challenges: int


class BankPublic(BaseModel):
    key: str
    framework_key: str
    sha256: str
    tubes: int
    skills: int
    challenges: int
    coverage: list[CompetenceCoverage]
