"""Campaign: a test path an organisation shares by code, and what each learner did with it.

``Campaign`` records the organisation, the type, the code and how it was drawn, and the skills
resolved from the target profile at creation. ``CampaignParticipant`` (one per campaign and
learner, natural key) records the learner's successive participations ("sendings"): started,
completed, shared with the results snapshot computed at share time.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from datetime import datetime
from typing import Any, Final
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.aggregate_copies import copy_flat_state
from domain.campaigns.target_profiles import CampaignSkill
from domain.ids import NAMESPACE

ASSESSMENT: Final = "ASSESSMENT"
PROFILES_COLLECTION: Final = "PROFILES_COLLECTION"
CAMPAIGN_TYPES: Final = (ASSESSMENT, PROFILES_COLLECTION)
STARTED: Final = "STARTED"
TO_SHARE: Final = "TO_SHARE"
SHARED: Final = "SHARED"
PARTICIPATION_STATUSES: Final = (STARTED, TO_SHARE, SHARED)


class Campaign(Aggregate):
    """A campaign. Invariants: skills and code never change; archived stays archived."""

    class Created(Aggregate.Created):
        """The campaign was created; ``code_draw`` records the draw (codes rejected as taken)."""

        organisation_id: UUID
        type: str
        name: str
        code: str
        code_draw: dict[str, Any]
        target_profile: dict[str, Any]
        skills: tuple[dict[str, Any], ...]
        external_id_label: str
        multiple_sendings: bool
        framework_key: str
        bank_key: str
        created_at: datetime
        actor_id: str
        actor_role: str

    class Archived(Aggregate.Event):
        """The campaign was archived: nobody joins or shares any more."""

        archived_at: datetime
        actor_id: str
        actor_role: str

    @event(Created)
    def __init__(
        self,
        *,
        organisation_id: UUID,
        type: str,
        name: str,
        code: str,
        code_draw: dict[str, Any],
        target_profile: dict[str, Any],
        skills: Sequence[dict[str, Any]],
        external_id_label: str,
        multiple_sendings: bool,
        framework_key: str,
        bank_key: str,
        created_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.organisation_id = organisation_id
        self.type = type
        self.name = name
        self.code = code
        self.target_profile = dict(target_profile)
        self.skills = tuple(CampaignSkill.from_record(s) for s in skills)
        self.external_id_label = external_id_label
        self.multiple_sendings = multiple_sendings
        self.framework_key = framework_key
        self.bank_key = bank_key
        self.created_at = created_at
        self.archived_at: datetime | None = None

    @event(Archived)
    def _archive(self, archived_at: datetime, actor_id: str, actor_role: str) -> None:
        if self.archived_at is not None:
            raise ValueError("already archived")
        self.archived_at = archived_at

    @property
    def is_archived(self) -> bool:
        """Whether the campaign was archived."""
        return self.archived_at is not None

    @property
    def reset_allowed(self) -> bool:
        """Whether its target profile lets learners reset its skills on a retry."""
        return bool(self.target_profile.get("reset_allowed"))


def participant_id(campaign_id: UUID, user_id: UUID) -> UUID:
    """Natural key of one learner's participations in one campaign."""
    return uuid5(NAMESPACE, f"campaign-participant/{campaign_id}/{user_id}")


def participation_id(campaign_id: UUID, user_id: UUID, index: int) -> UUID:
    """The id of the learner's ``index``-th participation (1 for the first sending)."""
    return uuid5(NAMESPACE, f"campaign-participation/{campaign_id}/{user_id}/{index}")


class CampaignParticipant(Aggregate):
    """One learner in one campaign: participations in order, only the last may be running.

    Invariants: a new participation starts only after the previous one was shared; a
    participation is shared once, and only when it is to share (assessment completed).
    """

    class Opened(Aggregate.Created):
        """The learner joined the campaign for the first time."""

        campaign_id: UUID
        user_id: UUID
        organisation_id: UUID
        organisation_learner_id: UUID
        opened_at: datetime
        actor_id: str
        actor_role: str

    class ParticipationStarted(Aggregate.Event):
        """A participation (sending) started.

        ``assessment_id`` is None for a profile collection (it is at once to share);
        ``improving`` applies the retry filter to old failures (spec B.6); ``reset_skill_ids``
        lists the campaign skills a reset retry reset first; ``external_id`` is sealed.
        """

        participation_id: UUID
        index: int
        assessment_id: UUID | None
        external_id: str
        improving: bool
        reset_skill_ids: tuple[str, ...]
        started_at: datetime
        actor_id: str
        actor_role: str

    class ParticipationCompleted(Aggregate.Event):
        """The assessment ended (no skill left): the participation is to share."""

        participation_id: UUID
        completed_at: datetime
        actor_id: str
        actor_role: str

    class AssessmentReplaced(Aggregate.Event):
        """A competence of the campaign was reset while the participation ran (spec B.5).

        The running assessment ended and this new one took over.
        """

        participation_id: UUID
        assessment_id: UUID
        replaced_at: datetime
        actor_id: str
        actor_role: str

    class ParticipationShared(Aggregate.Event):
        """The learner sent the results; ``results`` is the snapshot computed then."""

        participation_id: UUID
        results: dict[str, Any]
        shared_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(campaign_id: UUID, user_id: UUID) -> UUID:
        """Natural key of the campaign and the learner."""
        return participant_id(campaign_id, user_id)

    @event(Opened)
    def __init__(
        self,
        *,
        campaign_id: UUID,
        user_id: UUID,
        organisation_id: UUID,
        organisation_learner_id: UUID,
        opened_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.campaign_id = campaign_id
        self.user_id = user_id
        self.organisation_id = organisation_id
        self.organisation_learner_id = organisation_learner_id
        self.participations: list[Participation] = []

    @event(ParticipationStarted)
    def _start(
        self,
        participation_id: UUID,
        index: int,
        assessment_id: UUID | None,
        external_id: str,
        improving: bool,
        reset_skill_ids: Sequence[str],
        started_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        last = self.last
        if last is not None and last.status != SHARED:
            raise ValueError("the previous participation is not shared")
        self.participations.append(
            Participation(
                id=participation_id,
                index=index,
                assessment_id=assessment_id,
                external_id=external_id,
                improving=improving,
                started_at=started_at,
                status=STARTED if assessment_id is not None else TO_SHARE,
            )
        )

    @event(ParticipationCompleted)
    def _complete(
        self, participation_id: UUID, completed_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        last = self._last_with(participation_id)
        if last.status != STARTED:
            raise ValueError("only a started participation completes")
        last.status = TO_SHARE
        last.completed_at = completed_at

    @event(AssessmentReplaced)
    def _replace_assessment(
        self,
        participation_id: UUID,
        assessment_id: UUID,
        replaced_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        last = self._last_with(participation_id)
        if last.status != STARTED:
            raise ValueError("only a started participation changes assessment")
        last.assessment_id = assessment_id
        last.assessment_started_at = replaced_at

    @event(ParticipationShared)
    def _share(
        self,
        participation_id: UUID,
        results: dict[str, Any],
        shared_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        last = self._last_with(participation_id)
        if last.status != TO_SHARE:
            raise ValueError("only a participation to share is shared")
        last.status = SHARED
        last.shared_at = shared_at
        last.results = dict(results)

    def __deepcopy__(self, memo: dict[int, Any]) -> CampaignParticipant:
        # The repository copies the cached participant for every command (ADR 1540): flat
        # state copied one level, each participation (mutable) copied on its own.
        copy: CampaignParticipant = copy_flat_state(self, memo)
        copy.participations = [deepcopy(p, memo) for p in self.participations]
        return copy

    @property
    def last(self) -> Participation | None:
        """The latest participation, or None."""
        return self.participations[-1] if self.participations else None

    def _last_with(self, participation_id: UUID) -> Participation:
        last = self.last
        if last is None or last.id != participation_id:
            raise ValueError("not the latest participation")
        return last


class Participation:
    """One sending: mutable only through ``CampaignParticipant``'s events."""

    def __init__(
        self,
        *,
        id: UUID,
        index: int,
        assessment_id: UUID | None,
        external_id: str,
        improving: bool,
        started_at: datetime,
        status: str,
    ) -> None:
        self.id = id
        self.index = index
        self.assessment_id = assessment_id
        self.external_id = external_id
        self.improving = improving
        self.started_at = started_at
        self.assessment_started_at = started_at
        self.status = status
        self.completed_at: datetime | None = None
        self.shared_at: datetime | None = None
        self.results: dict[str, Any] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> Participation:
        copy: Participation = copy_flat_state(self, memo)
        copy.results = deepcopy(self.results, memo)  # nested JSON-like values
        return copy


class LearnerCampaigns(Aggregate):
    """The campaigns a learner joined, in order (their own list and right of access)."""

    class Opened(Aggregate.Created):
        """The learner joined a first campaign."""

        user_id: UUID

    class Joined(Aggregate.Event):
        """The learner joined this campaign (first sending)."""

        campaign_id: UUID
        joined_at: datetime

    @staticmethod
    def create_id(user_id: UUID) -> UUID:
        """Natural key: one list per learner."""
        return uuid5(NAMESPACE, f"learner-campaigns/{user_id}")

    @event(Opened)
    def __init__(self, *, user_id: UUID) -> None:
        self.user_id = user_id
        self.campaign_ids: list[UUID] = []

    @event(Joined)
    def _join(self, campaign_id: UUID, joined_at: datetime) -> None:
        if campaign_id not in self.campaign_ids:
            self.campaign_ids.append(campaign_id)
