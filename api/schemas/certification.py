"""Certification requests and responses: centres, sessions, candidates, courses, results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field


class CentreCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    centre_type: Literal["SCO", "SUP", "PRO"]
    external_id: str | None = Field(default=None, max_length=100)


class CentrePublic(BaseModel):
    id: UUID
    name: str
    centre_type: str
    external_id: str | None


class SessionDetails(BaseModel):
    address: str = Field(max_length=200)
    room: str = Field(max_length=100)
    examiner: str = Field(max_length=200)
    date: str = Field(description="YYYY-MM-DD")
    time: str = Field(description="HH:MM")
    description: str | None = Field(default=None, max_length=1000)


class SessionCreate(SessionDetails):
    version: Literal[2, 3] = Field(
        default=3, description="3: the adaptive test; 2: the earlier test drawn from the profile"
    )


class SessionPublic(BaseModel):
    id: UUID
    centre_id: UUID
    centre_name: str
    status: str
    version: int
    details: dict[str, Any]
    access_code: str
    invigilator_password: str | None = Field(
        description="shown to the centre's staff only (they hand it to the invigilators)"
    )
    candidate_count: int
    finalized_at: datetime | None


class CandidateCreate(BaseModel):
    """Strings as a centre types them; validation reports every faulty field at once."""

    first_name: str | None = None
    last_name: str | None = None
    sex: str | None = None
    birthdate: str | None = None
    birth_country: str | None = None
    birth_insee_code: str | None = None
    birth_postal_code: str | None = None
    birth_city: str | None = None
    email: str | None = None
    result_recipient_email: str | None = None
    external_id: str | None = None
    extra_time_percentage: str | None = None
    billing_mode: str | None = None
    prepayment_code: str | None = None


class CandidatePublic(BaseModel):
    candidate_id: UUID
    first_name: str
    last_name: str
    sex: str
    birthdate: str
    extra_time_ratio: float
    billing_mode: str | None
    user_id: UUID | None
    reconciled_at: datetime | None


class CandidatesPublic(BaseModel):
    items: list[CandidatePublic]


class CandidateIdsPublic(BaseModel):
    candidate_ids: list[UUID]


class ReconciliationCreate(BaseModel):
    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    birthdate: date


class EntryCreate(BaseModel):
    access_code: str = Field(min_length=6, max_length=6)
    locale: Literal["fr-fr", "fr", "en"] = "fr-fr"


class CoursePublic(BaseModel):
    course_id: UUID
    state: str
    answered: int
    deadline: datetime
    verification_code: str | None = None


class QuestionPublic(BaseModel):
    """The question to answer (public challenge data only), or none once the test ended."""

    course_id: UUID
    question_number: int | None
    challenge: dict[str, Any] | None
    state: str


class CourseAnswerCreate(BaseModel):
    challenge_id: str
    value: str = Field(max_length=10_000)
    focused_out: bool = False


class CourseAnswerPublic(BaseModel):
    status: str
    answered: int
    state: str
    next_question: QuestionPublic | None = Field(
        default=None, description="the next question, already served (saves a request)"
    )


class LiveAlertCreate(BaseModel):
    challenge_id: str


class LiveAlertValidation(BaseModel):
    subcategory: str


class AuthorizationCreate(BaseModel):
    purpose: Literal["start", "resume"] = "start"


class SupervisedCandidatePublic(BaseModel):
    candidate_id: UUID
    first_name: str
    last_name: str
    extra_time_ratio: float
    reconciled: bool
    authorized_until: datetime | None
    course_id: UUID | None
    state: str | None
    answered: int
    theoretical_end: datetime | None
    ongoing_live_alert: str | None
    companion_alert: bool


class SupervisionPublic(BaseModel):
    session_id: UUID
    status: str
    candidates: list[SupervisedCandidatePublic]


class IssueReportCreate(BaseModel):
    course_id: UUID
    category: str
    subcategory: str | None = None
    description: str | None = Field(default=None, max_length=2000)
    question_number: int | None = None


class IssueReportPublic(BaseModel):
    report_id: UUID


class FinalizationCreate(BaseModel):
    examiner_global_comment: str | None = Field(default=None, max_length=500)
    has_incident: bool
    has_joining_issue: bool
    abort_reasons: dict[UUID, Literal["candidate", "technical"]] = Field(default_factory=dict)


class ResultPublic(BaseModel):
    candidate_id: UUID
    first_name: str
    last_name: str
    course_id: UUID | None
    state: str | None
    status: str | None
    pix_score: int | None
    capacity: float | None
    mesh_index: int | None
    degraded: bool | None
    auto_jury_comment: str | None
    competence_marks: list[dict[str, Any]]
    algorithm: dict[str, Any] | None
    version: int | None = Field(default=None, description="the test's version, 2 or 3")
    reproducibility_rate: int | None = Field(
        default=None, description="v2 only: percent of right answers among those counted"
    )


class ResultsPublic(BaseModel):
    session_id: UUID
    status: str
    items: list[ResultPublic]
