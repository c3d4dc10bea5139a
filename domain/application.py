"""CertificationLedger: the event-sourced application; the only user of the repository.

Commands validate against the current state and raise a ``LedgerError`` subclass before any
event is triggered, so a refused command records nothing. Time always comes in as an argument.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.utils import EnvType

from domain.accounts import AccountCommands
from domain.actors import Actor
from domain.assessment import ASSESSMENT_KINDS, Assessment
from domain.bank import ItemBank
from domain.bank.answers import check_given_answer
from domain.campaigns import CampaignCommands
from domain.certification.course_commands import CourseCommands
from domain.certification.entry_commands import EntryCommands
from domain.certification.erasure import CandidateErasure
from domain.certification.finalization import FinalizationCommands
from domain.certification.ports import ProfilesFactory
from domain.certification.queries import CertificationQueries
from domain.certification.session_commands import SessionCommands
from domain.certification.v2_commands import V2Commands
from domain.content import ContentRelease
from domain.credentials.commands import SharingCommands
from domain.errors import (
    AnswerAwaitedError,
    AssessmentCompletedError,
    AssessmentNotFoundError,
    ChallengeAlreadyServedError,
    ChallengeNotCurrentError,
    ChallengeNotServableError,
    ContentReleaseNotFoundError,
    InvalidInputError,
)
from domain.framework import Framework
from domain.ids import AssessmentId, ContentReleaseId, SubjectId, content_release_id
from domain.ledger_base import LedgerBase, retried_after_lost_race
from domain.ports import DEFAULT_PASSWORD_LOG2_N, PersonalDataVault
from domain.positioning.commands import PositioningCommands
from domain.positioning.profiles import PositioningProfiles


class CertificationLedger(
    AccountCommands,
    PositioningCommands,
    CampaignCommands,
    # Certification: one level of command groups, each on CertificationLookups only.
    SessionCommands,
    EntryCommands,
    CourseCommands,
    V2Commands,
    FinalizationCommands,
    CandidateErasure,
    CertificationQueries,
    SharingCommands,
    LedgerBase,
):
    """Commands and queries over the ledger's aggregates, bound to one framework and bank.

    Bounded contexts add their commands as ``LedgerBase`` mixins listed in the bases; a
    context's groups inherit its own base only. Ports come in at construction: the kernel's
    (``vault``, ``password_log2_n``) and what certification reads of positioning (``profiles``,
    a factory given the ledger's store).
    """

    # The library names an application after its class unless the class says otherwise; the
    # name prefixes stored tables and environment variables, so it must never change.
    name = "ledger"

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        framework: Framework | None = None,
        bank: ItemBank | None = None,
        vault: PersonalDataVault | None = None,
        password_log2_n: int = DEFAULT_PASSWORD_LOG2_N,
        profiles: ProfilesFactory = PositioningProfiles,
    ) -> None:
        """Open the store; ``profiles`` builds certification's positioning port over it."""
        super().__init__(
            env, framework=framework, bank=bank, vault=vault, password_log2_n=password_log2_n
        )
        self.profiles = profiles(self._find, self.framework, self.bank)

    def erase_personal_data(self, user_id: UUID, *, erased_at: datetime, actor: Actor) -> None:
        """Right to erasure: the account's key, then every candidate record linked to it."""
        super().erase_personal_data(user_id, erased_at=erased_at, actor=actor)
        self.erase_candidate_records(user_id)

    # -- content ---------------------------------------------------------------------------

    def install_content(self, *, installed_at: datetime, actor: Actor) -> ContentReleaseId:
        """Record that this ledger's framework and bank are in force (idempotent)."""
        release_id = content_release_id(self.framework.key, self.bank.key, self.bank.sha256)
        if not self._exists(release_id):
            release: ContentRelease = ContentRelease(
                framework_key=self.framework.key,
                bank_key=self.bank.key,
                bank_sha256=self.bank.sha256,
                challenge_count=len(self.bank.challenges),
                skill_count=len(self.bank.skills),
                installed_at=installed_at,
                **actor.event_fields(),
            )
            self._save(release)
        return release_id

    def get_content_release(self, release_id: UUID) -> ContentRelease:
        """The content release with this id; ``ContentReleaseNotFoundError`` otherwise."""
        return self._load(
            release_id, ContentRelease, ContentReleaseNotFoundError, "content release"
        )

    # -- assessments -----------------------------------------------------------------------

    def start_assessment(
        self, *, kind: str, subject_id: SubjectId, scope: str, started_at: datetime, actor: Actor
    ) -> AssessmentId:
        """Start an assessment of ``kind`` on a competence code, or ``"all"``."""
        if kind not in ASSESSMENT_KINDS:
            raise InvalidInputError(f"unknown assessment kind {kind!r} (known: {ASSESSMENT_KINDS})")
        if scope != "all" and scope not in {c.code for c in self.framework.competences}:
            raise InvalidInputError(
                f"unknown competence {scope!r} in framework {self.framework.key}"
            )
        assessment: Assessment = Assessment(
            kind=kind,
            subject_id=subject_id,
            scope=scope,
            framework_key=self.framework.key,
            bank_key=self.bank.key,
            started_at=started_at,
            **actor.event_fields(),
        )
        self._save(assessment)
        return AssessmentId(assessment.id)

    @retried_after_lost_race
    def serve_challenge(
        self,
        assessment_id: UUID,
        challenge_id: str,
        *,
        selection: dict[str, Any],
        served_at: datetime,
        actor: Actor,
    ) -> None:
        """Put a challenge to the subject; ``selection`` records the algorithm's decision.

        The assessment is live (ADRs 1500, 1640): kept in the process between commands.
        """
        with self._live_assessment(assessment_id) as assessment:
            challenge = self._challenge(challenge_id)
            if assessment.is_completed:
                raise AssessmentCompletedError(f"assessment {assessment_id} is completed")
            if assessment.current_challenge_id is not None:
                raise AnswerAwaitedError(
                    f"challenge {assessment.current_challenge_id} awaits an answer first"
                )
            if challenge_id in assessment.served:
                raise ChallengeAlreadyServedError(f"challenge {challenge_id} was already served")
            if not challenge.is_servable or assessment.scope not in (
                "all",
                challenge.competence_code,
            ):
                raise ChallengeNotServableError(
                    f"challenge {challenge_id} ({challenge.status}, competence "
                    f"{challenge.competence_code}) cannot be served in scope {assessment.scope}"
                )
            assessment._serve(challenge_id, dict(selection), served_at, actor.id, actor.role)
            self._save(assessment)

    @retried_after_lost_race
    def record_answer(
        self,
        assessment_id: UUID,
        challenge_id: str,
        value: str,
        *,
        answered_at: datetime,
        actor: Actor,
        focused_out: bool = False,
    ) -> str:
        """Check and record the answer to the current challenge; return its status.

        A timed challenge answered after its timer gives ``timedout`` (when otherwise right);
        focus loss counts only in certification (``focusedOut``). The assessment is live.
        """
        with self._live_assessment(assessment_id) as assessment:
            if assessment.is_completed:
                raise AssessmentCompletedError(f"assessment {assessment_id} is completed")
            if challenge_id != assessment.current_challenge_id:
                raise ChallengeNotCurrentError(
                    f"challenge {challenge_id} is not the current one "
                    f"({assessment.current_challenge_id or 'none is being served'})"
                )
            challenge = self._challenge(challenge_id)
            served_at = assessment.current_served_at
            assert served_at is not None
            checked = check_given_answer(
                challenge,
                value,
                served_at=served_at,
                answered_at=answered_at,
                focused_out=focused_out,
                certification=assessment.kind == "CERTIFICATION",
            )
            assessment._record_answer(
                challenge_id,
                value,
                checked.status,
                answered_at,
                checked.seconds,
                actor.id,
                actor.role,
            )
            self._save(assessment)
            return checked.status

    @retried_after_lost_race
    def complete_assessment(
        self, assessment_id: UUID, *, completed_at: datetime, actor: Actor
    ) -> None:
        """End the assessment; an unanswered current challenge stays unanswered."""
        with self._live_assessment(assessment_id) as assessment:
            if assessment.is_completed:
                raise AssessmentCompletedError(f"assessment {assessment_id} is already completed")
            assessment._complete(completed_at, actor.id, actor.role)
            self._save(assessment)

    @contextmanager
    def _live_assessment(self, assessment_id: UUID) -> Iterator[Assessment]:
        """The live assessment, for a command wrapped in ``retried_after_lost_race``."""
        with self._live(assessment_id, Assessment, AssessmentNotFoundError, "assessment") as live:
            yield live.aggregate

    def get_assessment(self, assessment_id: UUID) -> Assessment:
        """The assessment with this id; ``AssessmentNotFoundError`` otherwise."""
        return self._load(assessment_id, Assessment, AssessmentNotFoundError, "assessment")


def new_subject_id() -> SubjectId:
    """A fresh random subject id (accounts will later provide theirs)."""
    return SubjectId(uuid4())
