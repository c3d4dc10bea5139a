"""Jury requests and responses: decisions with their reasons, publication, views."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field


class ReasonCreate(BaseModel):
    reason: str | None = Field(default=None, description="why: required, kept with the decision")


class NeutralisationCreate(ReasonCreate):
    challenge_id: str = Field(min_length=1, max_length=100)


class ResolutionCreate(BaseModel):
    resolution: str | None = Field(default=None, description="the resolution text (255 at most)")


class CommentCreate(BaseModel):
    comment: str | None = None


class IdentityCorrectionCreate(ReasonCreate):
    first_name: str | None = None
    last_name: str | None = None
    birthdate: str | None = Field(default=None, description="YYYY-MM-DD")
    sex: Literal["M", "F", ""] | None = None
    birth_city: str | None = None
    birth_country: str | None = None
    birth_postal_code: str | None = None
    birth_insee_code: str | None = None


class ManualResultCreate(ReasonCreate):
    status: str
    pix_score: int | None = None
    mesh_index: int | None = None
    competence_marks: list[dict[str, Any]] = Field(default_factory=list)
    comment_for_candidate: str | None = None
    comment_for_organization: str | None = None
    emitter: str | None = None


class BatchPublicationCreate(BaseModel):
    session_ids: list[UUID] = Field(min_length=1, max_length=200)


class AssignmentCreate(BaseModel):
    officer_name: str | None = Field(default=None, max_length=200)


class DecisionPublic(BaseModel):
    course_id: UUID
    decision: str
    result: dict[str, Any] | None


class PublicationPublic(BaseModel):
    session_id: UUID
    course_ids: list[UUID]


class BatchPublicationPublic(BaseModel):
    batch_id: UUID
    published: list[UUID]
    failures: list[dict[str, str]]


class PublishedResultPublic(BaseModel):
    course_id: UUID
    session_id: UUID
    verification_code: str
    published_at: Any
    status: str | None
    pix_score: int | None
    mesh_index: int | None
    competence_marks: list[dict[str, Any]]
    comment_for_candidate: str | None
