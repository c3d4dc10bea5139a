"""What the campaigns commands and queries return: frozen results, never dicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.bank import Challenge, Tutorial
from domain.positioning.knowledge import KnowledgeElement


@dataclass(frozen=True)
class LearnersImport:
    """How many learners a file added and how many it updated (matched by INE or identity)."""

    organisation_id: UUID
    added: int
    updated: int


@dataclass(frozen=True)
class OrganisationLearner:
    """An organisation's learner with personal fields unsealed (``[erased]`` once erased)."""

    learner_id: UUID
    first_name: str
    last_name: str
    birthdate: str
    division: str
    national_student_id: str
    user_id: UUID | None


@dataclass(frozen=True)
class CampaignCreation:
    """The new campaign's id and code."""

    campaign_id: UUID
    code: str


@dataclass(frozen=True)
class ParticipationStart:
    """A participation a learner is in: ``assessment_id`` None for a profile collection."""

    campaign_id: UUID
    participation_id: UUID
    index: int
    status: str
    assessment_id: UUID | None
    improving: bool
    reset_skill_ids: tuple[str, ...]


@dataclass(frozen=True)
class CampaignNextChallenge:
    """The challenge to answer now, or ``challenge=None`` once the participation is to share."""

    campaign_id: UUID
    participation_id: UUID
    challenge: Challenge | None
    predicted_level: float | None

    @property
    def completed(self) -> bool:
        """No skill was left: the assessment is completed."""
        return self.challenge is None


@dataclass(frozen=True)
class CampaignAnswer:
    """The checked status, the knowledge elements recorded and the tutorials offered."""

    challenge_id: str
    status: str
    elements: tuple[KnowledgeElement, ...]
    tutorials_kind: str
    tutorials: tuple[Tutorial, ...]


@dataclass(frozen=True)
class SharedResults:
    """The snapshot fixed when the learner shared (see ``results.share_snapshot``)."""

    campaign_id: UUID
    participation_id: UUID
    shared_at: datetime
    results: dict[str, Any]


@dataclass(frozen=True)
class SchoolCertification:
    """One learner's latest non-cancelled certification, as the school record reads it."""

    organisation_learner_id: UUID
    first_name: str
    last_name: str
    birthdate: str
    national_student_id: str
    division: str
    course_id: UUID
    status: str
    pix_score: int
    verification_code: str
    date: date
    delivered_at: datetime | None
    certification_centre: str
    competence_levels: dict[str, int]
