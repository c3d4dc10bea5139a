"""CertificationCentre and CertificationSession: where and when candidates sit the test.

A session holds its enrolled candidates (identity fields sealed per candidate, plus a blind
index of the normalised names and birthdate for reconciliation and duplicate checks), the
invigilator's authorisations, and its finalisation. Its status is derived, never stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.certification.roster import EnrolledCandidate, Roster, Unchanging
from domain.certification.status import SessionStatus, session_status
from domain.ids import NAMESPACE

SESSION_EXPIRY = timedelta(hours=24)


class CertificationCentre(Aggregate):
    """A centre that runs sessions: SCO (schools), SUP (higher education) or PRO."""

    class Registered(Aggregate.Created):
        """The centre was registered; its name is copied onto its sessions."""

        name: str
        centre_type: str
        external_id: str | None
        registered_at: datetime
        actor_id: str
        actor_role: str

    @event(Registered)
    def __init__(
        self,
        *,
        name: str,
        centre_type: str,
        external_id: str | None,
        registered_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.name = name
        self.centre_type = centre_type
        self.external_id = external_id


class CertificationSession(Aggregate):
    """A supervised session of one centre: its details, candidates, codes and finalisation.

    Invariants: candidates are enrolled only before finalisation; one user per candidate and
    one candidate per user; details are frozen once a course has started.
    """

    class Created(Aggregate.Created):
        """A centre member created the session (codes were drawn by the command)."""

        centre_id: UUID
        centre_name: str
        centre_type: str
        address: str
        room: str
        examiner: str
        date: str
        time: str
        description: str | None
        version: int
        access_code: str
        invigilator_password: str
        created_at: datetime
        actor_id: str
        actor_role: str

    class DetailsChanged(Aggregate.Event):
        """The centre corrected the session's details before any course started."""

        address: str
        room: str
        examiner: str
        date: str
        time: str
        description: str | None
        changed_at: datetime
        actor_id: str
        actor_role: str

    class CandidateEnrolled(Aggregate.Event):
        """A candidate joined the list, one by one or from a CSV file (``channel``)."""

        candidate_id: UUID
        identity_index: str
        sealed: dict[str, str]
        options: dict[str, Any]
        channel: str
        enrolled_at: datetime
        actor_id: str
        actor_role: str

    class CandidateRemoved(Aggregate.Event):
        """A candidate not yet linked to a user left the list."""

        candidate_id: UUID
        removed_at: datetime
        actor_id: str
        actor_role: str

    class CandidateReconciled(Aggregate.Event):
        """A logged-in user proved to be this candidate; their profile was certifiable."""

        candidate_id: UUID
        user_id: UUID
        certifiable_competences: list[str]
        reconciled_at: datetime
        actor_id: str
        actor_role: str

    class CandidateAuthorized(Aggregate.Event):
        """The invigilator confirmed presence (start) or allowed a resume; valid 15 minutes."""

        candidate_id: UUID
        purpose: str
        authorized_at: datetime
        actor_id: str
        actor_role: str

    class CandidateEntered(Aggregate.Event):
        """The candidate typed the access code: the authorisation is used up."""

        candidate_id: UUID
        course_id: UUID
        resumed: bool
        entered_at: datetime
        actor_id: str
        actor_role: str

    class IssueReportAdded(Aggregate.Event):
        """The centre reported an incident for one candidate's course."""

        report_id: UUID
        course_id: UUID
        category: str
        subcategory: str | None
        description: str | None
        question_number: int | None
        impactful: bool
        reported_at: datetime
        actor_id: str
        actor_role: str

    class IssueReportDeleted(Aggregate.Event):
        """The centre withdrew an incident report before finalisation."""

        report_id: UUID
        deleted_at: datetime
        actor_id: str
        actor_role: str

    class Finalized(Aggregate.Event):
        """The centre finalised the session; ``reports`` hold the per-course abort reasons."""

        examiner_global_comment: str | None
        has_incident: bool
        has_joining_issue: bool
        reports: list[dict[str, Any]]
        finalized_at: datetime
        actor_id: str
        actor_role: str

    class Unfinalized(Aggregate.Event):
        """The jury sent the finalised session back to its centre, before publication."""

        reason: str
        unfinalized_at: datetime
        actor_id: str
        actor_role: str

    @event(Created)
    def __init__(
        self,
        *,
        centre_id: UUID,
        centre_name: str,
        centre_type: str,
        address: str,
        room: str,
        examiner: str,
        date: str,
        time: str,
        description: str | None,
        version: int,
        access_code: str,
        invigilator_password: str,
        created_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.centre_id = centre_id
        self.centre_name = centre_name
        self.centre_type = centre_type
        self.details: dict[str, Any] = {
            "address": address,
            "room": room,
            "examiner": examiner,
            "date": date,
            "time": time,
            "description": description,
        }
        # ``version`` is also the library's event counter: setting it renumbers the stream from
        # the test version, as every stored session already is, so it stays for their replay.
        # The test version is read from ``certification_version``, which nothing else moves.
        self.version = version
        self.certification_version = version
        self.access_code = access_code
        self.invigilator_password = invigilator_password
        # Immutable and persistent: copies of the session share it (roster.py, ADR 1560).
        self.candidates = Roster()
        self.issue_reports: dict[UUID, dict[str, Any]] = Unchanging()
        self.first_entry_at: datetime | None = None
        self.finalized_at: datetime | None = None
        self.finalization: dict[str, Any] | None = None
        self.assigned_officer_id: str | None = None
        self.published_at: datetime | None = None

    @property
    def status(self) -> SessionStatus:
        """Derived: published, then in process (officer assigned), finalised, else created."""
        return session_status(
            finalized_at=self.finalized_at,
            assigned_officer_id=self.assigned_officer_id,
            published_at=self.published_at,
        )

    @property
    def has_started(self) -> bool:
        """Whether any candidate entered the test."""
        return self.first_entry_at is not None

    def has_expired(self, at: datetime) -> bool:
        """A session closes to new courses 24 hours after its first one started."""
        return self.first_entry_at is not None and at - self.first_entry_at > SESSION_EXPIRY

    def candidate_of_user(self, user_id: UUID) -> EnrolledCandidate | None:
        """The candidate this user was reconciled with, if any."""
        return self.candidates.of_user(user_id)

    @event(DetailsChanged)
    def _change_details(
        self,
        address: str,
        room: str,
        examiner: str,
        date: str,
        time: str,
        description: str | None,
        changed_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.details = {
            "address": address,
            "room": room,
            "examiner": examiner,
            "date": date,
            "time": time,
            "description": description,
        }

    @event(CandidateEnrolled)
    def _enrol(
        self,
        candidate_id: UUID,
        identity_index: str,
        sealed: dict[str, str],
        options: dict[str, Any],
        channel: str,
        enrolled_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        record = EnrolledCandidate(candidate_id, identity_index, dict(sealed), dict(options))
        self.candidates = self.candidates.enrolled(record)

    @event(CandidateRemoved)
    def _remove(
        self, candidate_id: UUID, removed_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.candidates = self.candidates.removed(candidate_id)

    @event(CandidateReconciled)
    def _reconcile(
        self,
        candidate_id: UUID,
        user_id: UUID,
        certifiable_competences: list[str],
        reconciled_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        candidate = self.candidates[candidate_id]
        self.candidates = self.candidates.updated(
            candidate.changed(user_id=user_id, reconciled_at=reconciled_at)
        )

    @event(CandidateAuthorized)
    def _authorize(
        self,
        candidate_id: UUID,
        purpose: str,
        authorized_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        candidate = self.candidates[candidate_id]
        self.candidates = self.candidates.updated(candidate.changed(authorized_at=authorized_at))

    @event(CandidateEntered)
    def _enter(
        self,
        candidate_id: UUID,
        course_id: UUID,
        resumed: bool,
        entered_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        candidate = self.candidates[candidate_id]
        self.candidates = self.candidates.updated(
            candidate.changed(authorized_at=None, course_id=course_id)
        )
        if self.first_entry_at is None:
            self.first_entry_at = entered_at

    @event(IssueReportAdded)
    def _add_issue_report(
        self,
        report_id: UUID,
        course_id: UUID,
        category: str,
        subcategory: str | None,
        description: str | None,
        question_number: int | None,
        impactful: bool,
        reported_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        report = Unchanging(
            report_id=report_id,
            course_id=course_id,
            category=category,
            subcategory=subcategory,
            description=description,
            question_number=question_number,
            impactful=impactful,
        )
        # Rebound, not changed in place: the reports are shared with every copy of the session.
        self.issue_reports = Unchanging({**self.issue_reports, report_id: report})

    @event(IssueReportDeleted)
    def _delete_issue_report(
        self, report_id: UUID, deleted_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.issue_reports = Unchanging(
            {k: v for k, v in self.issue_reports.items() if k != report_id}
        )

    @event(Finalized)
    def _finalize(
        self,
        examiner_global_comment: str | None,
        has_incident: bool,
        has_joining_issue: bool,
        reports: list[dict[str, Any]],
        finalized_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.finalized_at = finalized_at
        # One entry per course: shared with every copy of the session, never changed.
        self.finalization = Unchanging(
            examiner_global_comment=examiner_global_comment,
            has_incident=has_incident,
            has_joining_issue=has_joining_issue,
            reports=tuple(Unchanging(r) for r in reports),
        )

    @event(Unfinalized)
    def _unfinalize(
        self, reason: str, unfinalized_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if self.finalized_at is None:
            raise ValueError("not finalised")
        self.finalized_at = None
        self.finalization = None


class CodeClaim(Aggregate):
    """A claim on a code (access or verification), keyed by the code itself.

    Two sessions claiming the same open access code collide on this aggregate's version, so
    uniqueness holds under concurrency without any table scan.
    """

    class Claimed(Aggregate.Created):
        """``owner_id`` holds the code."""

        kind: str
        code: str
        owner_id: UUID

    class Reclaimed(Aggregate.Event):
        """A released code was claimed again by another owner."""

        owner_id: UUID

    class Released(Aggregate.Event):
        """The owner gave the code back (a finalised session's access code)."""

    @staticmethod
    def create_id(kind: str, code: str) -> UUID:
        """Natural key: one claim per kind and code."""
        return code_claim_id(kind, code)

    @event(Claimed)
    def __init__(self, *, kind: str, code: str, owner_id: UUID) -> None:
        self.kind = kind
        self.code = code
        self.owner_id: UUID | None = owner_id

    @event(Reclaimed)
    def _reclaim(self, owner_id: UUID) -> None:
        self.owner_id = owner_id

    @event(Released)
    def _release(self) -> None:
        self.owner_id = None


def code_claim_id(kind: str, code: str) -> UUID:
    """The id of the claim on ``code`` of ``kind`` ("access" or "verification")."""
    return uuid5(NAMESPACE, f"code-claim/{kind}/{code}")
