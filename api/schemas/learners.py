"""Requests and responses of the learners' positioning routes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.bank import ChallengePublic


class EvaluationPublic(BaseModel):
    assessment_id: UUID
    competence_code: str
    resumed: bool
    improving: bool


class NextChallengePublic(BaseModel):
    assessment_id: UUID
    competence_code: str
    completed: bool
    challenge: ChallengePublic | None
    predicted_level: float | None


class AnswerCreate(BaseModel):
    challenge_id: str = Field(min_length=1, max_length=100)
    value: str = Field(max_length=10_000)


class KnowledgeElementPublic(BaseModel):
    skill_id: str
    source: str
    status: str
    earned_pix: float


class TutorialPublic(BaseModel):
    id: str
    title: str
    url: str
    kind: str


class AnswerPublic(BaseModel):
    """The checked status, what it proved, the level change and the tutorials offered."""

    challenge_id: str
    status: str
    knowledge_elements: list[KnowledgeElementPublic]
    level_up: bool
    level: int
    pix: int
    tutorials_kind: str
    tutorials: list[TutorialPublic]


class ScorecardPublic(BaseModel):
    competence_code: str
    status: str
    pix: int
    exact_pix: float
    level: int
    pix_ahead_of_next_level: int
    remaining_pix_to_next_level: int
    remaining_days_before_reset: int | None
    remaining_days_before_improving: int | None
    is_resettable: bool
    is_improvable: bool


class ProfilePublic(BaseModel):
    learner_id: UUID
    pix_score: int
    max_pix: int
    scorecards: list[ScorecardPublic]


class CertifiabilityPublic(BaseModel):
    is_certifiable: bool
    competence_levels: dict[str, int]
    pix_score: int
    at: datetime


class SavedTutorialPublic(BaseModel):
    tutorial: TutorialPublic
    skill_id: str
    saved_at: datetime


class SavedTutorialsPublic(BaseModel):
    items: list[SavedTutorialPublic]
