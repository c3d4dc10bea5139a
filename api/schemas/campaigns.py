"""Requests and responses of the organisations, campaigns and participations routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from api.schemas.bank import ChallengePublic
from api.schemas.learners import KnowledgeElementPublic, TutorialPublic
from domain.campaigns.campaign import Campaign


class OrganisationCreate(BaseModel):
    type: Literal["SCO", "SUP", "PRO"]
    name: str = Field(min_length=1, max_length=200)
    uai: str = Field(default="", max_length=20)


class OrganisationPublic(BaseModel):
    id: UUID
    type: str
    name: str
    uai: str
    members: dict[str, str]
    learners: int
    divisions: list[str]


class MemberCreate(BaseModel):
    user_id: UUID


class MemberAccountCreate(BaseModel):
    """A new Pix Orga account, made a member of the organisation at once."""

    role: Literal["ORGA_ADMIN", "ORGA_MEMBER"]
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=8, max_length=128)
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)


class MemberAccountPublic(BaseModel):
    user_id: UUID
    role: str
    organisation_id: UUID


class LearnersImportPublic(BaseModel):
    added: int
    updated: int


class OrganisationLearnerPublic(BaseModel):
    learner_id: UUID
    first_name: str
    last_name: str
    birthdate: str
    division: str
    national_student_id: str
    linked: bool


class OrganisationLearnersPublic(BaseModel):
    items: list[OrganisationLearnerPublic]


class CertifiableLearnerPublic(BaseModel):
    learner_id: UUID
    first_name: str
    last_name: str
    division: str
    is_certifiable: bool | None
    shared_at: str | None
    pix_score: int | None


class CertifiableLearnersPublic(BaseModel):
    division: str
    certifiable: int
    items: list[CertifiableLearnerPublic]


class TargetProfilePublic(BaseModel):
    id: str
    version: int
    name: str
    reset_allowed: bool
    competences: list[str]
    level: int


class TargetProfilesPublic(BaseModel):
    items: list[TargetProfilePublic]


class CampaignCreate(BaseModel):
    type: Literal["ASSESSMENT", "PROFILES_COLLECTION"]
    name: str = Field(min_length=1, max_length=255)
    target_profile_id: str | None = Field(default=None, max_length=100)
    external_id_label: str = Field(default="", max_length=255)
    multiple_sendings: bool = False


class CampaignPublic(BaseModel):
    id: UUID
    organisation_id: UUID
    type: str
    name: str
    code: str
    target_profile: str
    skills: int
    external_id_label: str
    multiple_sendings: bool
    archived_at: datetime | None

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignPublic:
        """A campaign as the API shows it."""
        return cls(
            id=campaign.id,
            organisation_id=campaign.organisation_id,
            type=campaign.type,
            name=campaign.name,
            code=campaign.code,
            target_profile=str(campaign.target_profile.get("name", "")),
            skills=len(campaign.skills),
            external_id_label=campaign.external_id_label,
            multiple_sendings=campaign.multiple_sendings,
            archived_at=campaign.archived_at,
        )


class CampaignsPublic(BaseModel):
    items: list[CampaignPublic]


class ParticipantPublic(BaseModel):
    participation_id: UUID
    learner_id: UUID
    first_name: str
    last_name: str
    division: str
    external_id: str
    sending: int
    status: str
    progress: float
    started_at: str
    shared_at: str | None
    mastery_rate: float | None
    validated_skills_count: int | None
    competence_mastery: dict[str, float] | None
    pix_score: int | None
    is_certifiable: bool | None


class ParticipantsPublic(BaseModel):
    items: list[ParticipantPublic]


class CampaignResultsPublic(BaseModel):
    campaign_id: UUID
    division: str | None
    participants: int
    by_status: dict[str, int]
    shared: int
    average_mastery_rate: float | None
    competence_success: dict[str, float]
    tube_success: dict[str, float]
    certifiable: int
    average_pix: float | None


class ParticipationCreate(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    external_id: str | None = Field(default=None, max_length=255)


class RetryCreate(BaseModel):
    reset: bool = False
    external_id: str | None = Field(default=None, max_length=255)


class ParticipationPublic(BaseModel):
    campaign_id: UUID
    participation_id: UUID
    sending: int
    status: str
    assessment_id: UUID | None
    improving: bool
    reset_skill_ids: list[str]


class ParticipationsPublic(BaseModel):
    items: list[ParticipationPublic]


class CampaignNextChallengePublic(BaseModel):
    completed: bool
    challenge: ChallengePublic | None
    predicted_level: float | None


class CampaignAnswerCreate(BaseModel):
    challenge_id: str = Field(min_length=1, max_length=100)
    value: str = Field(max_length=10_000)


class CampaignAnswerPublic(BaseModel):
    challenge_id: str
    status: str
    knowledge_elements: list[KnowledgeElementPublic]
    tutorials_kind: str
    tutorials: list[TutorialPublic]


class SharedResultsPublic(BaseModel):
    campaign_id: UUID
    participation_id: UUID
    shared_at: datetime
    mastery_rate: float
    validated_skills_count: int
    skills_count: int
    pix_score: int
    is_certifiable: bool
    competences: dict[str, dict[str, int]]


class ScopesUpdate(BaseModel):
    scopes: list[Literal["school-records", "higher-education"]] = Field(max_length=2)


class ScopesPublic(BaseModel):
    client_id: UUID
    scopes: list[str]


class CompetenceResultPublic(BaseModel):
    competence_code: str
    level: int


class SchoolCertificationPublic(BaseModel):
    organisation_learner_id: UUID
    first_name: str
    last_name: str
    birthdate: str
    national_student_id: str
    division: str
    certification_id: UUID
    status: Literal["validated", "rejected", "pending"]
    pix_score: int
    verification_code: str
    date: date
    delivered_at: datetime | None
    certification_centre: str
    competence_results: list[CompetenceResultPublic]


class SchoolCertificationsPublic(BaseModel):
    uai: str
    items: list[SchoolCertificationPublic]


class HigherEducationSearch(BaseModel):
    """One of: ``ine``; ``organization_uai`` with ``last_name``, ``first_name``, ``birthdate``;
    or ``verification_code``."""

    ine: str | None = Field(default=None, pattern=r"^(?:[0-9]{9}[a-zA-Z]{2}|[0-9]{10}[a-zA-Z])$")
    organization_uai: str | None = Field(default=None, max_length=20)
    last_name: str | None = Field(default=None, max_length=100)
    first_name: str | None = Field(default=None, max_length=100)
    birthdate: date | None = None
    verification_code: str | None = Field(default=None, pattern=r"^P-[a-zA-Z0-9]{8}$")

    @model_validator(mode="after")
    def _one_way(self) -> HigherEducationSearch:
        identity = (self.organization_uai, self.last_name, self.first_name, self.birthdate)
        ways = [
            self.ine is not None,
            all(x is not None for x in identity),
            self.verification_code is not None,
        ]
        if sum(ways) != 1 or (not ways[1] and any(x is not None for x in identity)):
            raise ValueError(
                "search by ine, or by organization_uai + last_name + first_name + birthdate, "
                "or by verification_code (exactly one)"
            )
        return self


class HigherEducationResultPublic(BaseModel):
    organization_uai: str
    ine: str
    last_name: str
    first_name: str
    birthdate: str
    status: str
    pix_score: int
    certification_date: date
    certification_id: UUID
    verification_code: str
    delivered_at: datetime | None
    competences: list[CompetenceResultPublic]


class HigherEducationResultsPublic(BaseModel):
    items: list[HigherEducationResultPublic]
