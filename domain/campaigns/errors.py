"""Refusals of the campaigns context, each with a stable ``code``.

They extend the ledger's hierarchy (``domain.errors``), so ``api/errors.py`` maps them::

    NotFoundError (404)
    ├── OrganisationNotFoundError          no organisation with that id or UAI
    ├── OrganisationLearnerNotFoundError   no such learner in the organisation
    ├── TargetProfileNotFoundError         no shipped target profile with that id
    ├── CampaignNotFoundError              unknown campaign id or code
    ├── ParticipationNotFoundError         no such participation (or not the caller's)
    └── CertificationResultNotFoundError   a higher-education search that found nothing
    ConflictError (409)
    └── UaiTakenError                      another organisation holds the UAI
    RuleViolationError (409)
    ├── CampaignArchivedError              the campaign is archived: no joining, no sharing
    ├── AlreadyParticipatingError          joining twice (no multiple sendings, or not shared)
    ├── ParticipationNotCompletedError     sharing before the assessment is completed
    ├── ParticipationAlreadySharedError    sharing twice
    ├── CampaignRetryNotAllowedError       a retry the rules of spec §E refuse
    ├── CampaignRetryTooEarlyError         fewer than 4 days since sharing (``available_at``)
    ├── NotInOrganisationError             the learner is not on the organisation's list
    └── ParticipationNotRunningError       answering a participation that is not running
    InvalidInputError (422)
    ├── LearnerImportInvalidError          a learners CSV with bad lines (``problems``)
    ├── OrganisationInvalidError           a bad type, name or UAI
    ├── CampaignInvalidError               a bad campaign name, type or option
    └── ExternalIdRequiredError            the campaign asks an external id and none was given
    PermissionDeniedError (403)
    └── ScopeMissingError                  an API client without the scope of the pull API
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RuleViolationError,
)

__all__ = [
    "AlreadyParticipatingError",
    "CampaignArchivedError",
    "CampaignInvalidError",
    "CampaignNotFoundError",
    "CampaignRetryNotAllowedError",
    "CampaignRetryTooEarlyError",
    "CertificationResultNotFoundError",
    "ExternalIdRequiredError",
    "LearnerImportInvalidError",
    "NotInOrganisationError",
    "OrganisationInvalidError",
    "OrganisationLearnerNotFoundError",
    "OrganisationNotFoundError",
    "ParticipationAlreadySharedError",
    "ParticipationNotCompletedError",
    "ParticipationNotFoundError",
    "ParticipationNotRunningError",
    "ScopeMissingError",
    "TargetProfileNotFoundError",
    "UaiTakenError",
]


class OrganisationNotFoundError(NotFoundError):
    """No organisation with that id (or, for the pull APIs, that UAI)."""

    code = "organisation_not_found"


class OrganisationLearnerNotFoundError(NotFoundError):
    """No learner with that id in the organisation."""

    code = "organisation_learner_not_found"


class TargetProfileNotFoundError(NotFoundError):
    """No shipped target profile with that id."""

    code = "target_profile_not_found"


class CampaignNotFoundError(NotFoundError):
    """No campaign with that id or code."""

    code = "campaign_not_found"


class ParticipationNotFoundError(NotFoundError):
    """No participation with that id, or one of another learner (its existence is not shared)."""

    code = "participation_not_found"


class CertificationResultNotFoundError(NotFoundError):
    """A higher-education search matched no certification."""

    code = "certification_results_not_found"


class UaiTakenError(ConflictError):
    """A UAI identifies one organisation only."""

    code = "uai_taken"


class CampaignArchivedError(RuleViolationError):
    """An archived campaign takes no new participant and no new share."""

    code = "campaign_archived"


class AlreadyParticipatingError(RuleViolationError):
    """Joining again: refused without multiple sendings, or while the last one is not shared."""

    code = "already_participating"


class ParticipationNotCompletedError(RuleViolationError):
    """An assessment participation is shared only once its assessment is completed."""

    code = "participation_not_completed"


class ParticipationAlreadySharedError(RuleViolationError):
    """A participation is shared once; its snapshot never changes."""

    code = "participation_already_shared"


class CampaignRetryNotAllowedError(RuleViolationError):
    """A retry the rules refuse: no multiple sendings, already 100 %, reset not allowed."""

    code = "campaign_retry_not_allowed"


class CampaignRetryTooEarlyError(RuleViolationError):
    """A retry fewer than 4 whole days after the last share; ``available_at`` says from when."""

    code = "campaign_retry_too_early"

    def __init__(self, available_at: datetime) -> None:
        super().__init__(f"a new participation is possible from {available_at.isoformat()}")
        self.available_at = available_at


class NotInOrganisationError(RuleViolationError):
    """A school that manages its pupils lets in only learners on its imported list."""

    code = "learner_not_in_organisation"


class ParticipationNotRunningError(RuleViolationError):
    """Only a started assessment participation serves and takes answers."""

    code = "participation_not_running"


class LearnerImportInvalidError(InvalidInputError):
    """A learners file with bad lines: every problem is listed, nothing is imported."""

    code = "learner_import_invalid"

    def __init__(self, problems: Sequence[object]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the file; nothing was imported")
        self.problems = tuple(problems)


class OrganisationInvalidError(InvalidInputError):
    """A bad organisation type, name or UAI."""

    code = "organisation_invalid"


class CampaignInvalidError(InvalidInputError):
    """A bad campaign name, type, option or organisation learner filter."""

    code = "campaign_invalid"


class ExternalIdRequiredError(InvalidInputError):
    """The campaign prompts for an external id (``external_id_label``) and none was given."""

    code = "external_id_required"


class ScopeMissingError(PermissionDeniedError):
    """The API client was not granted the scope this pull API needs."""

    code = "scope_missing"
