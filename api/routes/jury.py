"""The jury's API: decisions on courses, session deliberation, publication (lifecycle §5).

Every decision takes a reason; routes only call one ledger command and map its result.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.auth import Authorized, authorize
from api.deps import ClockDep, JuryLedgerDep, JuryQueueViewDep
from api.schemas.jury import (
    AssignmentCreate,
    BatchPublicationCreate,
    BatchPublicationPublic,
    CommentCreate,
    DecisionPublic,
    IdentityCorrectionCreate,
    ManualResultCreate,
    NeutralisationCreate,
    PublicationPublic,
    ReasonCreate,
    ResolutionCreate,
)
from jury.decisions import DecisionOutcome

router = APIRouter(prefix="/jury", tags=["jury"])

Reading = Annotated[Authorized, Depends(authorize("jury.read"))]
Deciding = Annotated[Authorized, Depends(authorize("jury.decide"))]
Publishing = Annotated[Authorized, Depends(authorize("jury.publish"))]
RecordingManually = Annotated[Authorized, Depends(authorize("jury.manual_result"))]


def _decision(outcome: DecisionOutcome) -> DecisionPublic:
    return DecisionPublic(
        course_id=outcome.course_id, decision=outcome.decision, result=outcome.result
    )


@router.get("/sessions")
def list_jury_sessions(
    _: Reading,
    view: JuryQueueViewDep,
    status: Literal["finalized", "in_process", "processed"] | None = None,
    centre_id: UUID | None = None,
    date_from: str | None = Query(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
    date_to: str | None = Query(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
    publishable: bool | None = None,
) -> list[dict[str, Any]]:
    """The work queue: finalised sessions with their counters, publishability and officer."""
    found = view.list_sessions(
        status=status,
        centre_id=str(centre_id) if centre_id else None,
        date_from=date_from,
        date_to=date_to,
        publishable=publishable,
    )
    return [asdict(e) for e in found]


@router.get("/notifications")
def list_result_notifications(
    _: Reading, view: JuryQueueViewDep, status: Literal["pending", "sent", "failed"] | None = None
) -> list[dict[str, Any]]:
    """The result notifications: pending, sent, or failed with their attempts and last error."""
    return view.list_notifications(status=status, kind="result")


@router.get("/courses/{course_id}")
def read_jury_course(course_id: UUID, _: Reading, ledger: JuryLedgerDep) -> dict[str, Any]:
    """§5.1: identity, result, every question with its answer, times, alerts and capacity,
    incidents with their resolution, and the whole result history."""
    return ledger.jury_course(course_id)


@router.get("/courses/{course_id}/history")
def list_course_results(course_id: UUID, _: Reading, ledger: JuryLedgerDep) -> list[dict[str, Any]]:
    """Every scoring and rescoring of the course, in order; the last one is the result."""
    return ledger.result_history(course_id)


@router.post("/courses/{course_id}/cancellation", response_model=DecisionPublic)
def create_cancellation(
    course_id: UUID, body: ReasonCreate, user: Deciding, ledger: JuryLedgerDep, clock: ClockDep
) -> DecisionPublic:
    """Cancel the certification (rescored ``cancelled_by_jury``)."""
    return _decision(
        ledger.cancel_certification(course_id, reason=body.reason, at=clock(), actor=user.actor)
    )


@router.post("/courses/{course_id}/uncancellation", response_model=DecisionPublic)
def create_uncancellation(
    course_id: UUID, body: ReasonCreate, user: Deciding, ledger: JuryLedgerDep, clock: ClockDep
) -> DecisionPublic:
    """Withdraw the cancellation (rescored normally)."""
    return _decision(
        ledger.uncancel_certification(course_id, reason=body.reason, at=clock(), actor=user.actor)
    )


@router.post("/courses/{course_id}/fraud-rejection", response_model=DecisionPublic)
def create_fraud_rejection(
    course_id: UUID, body: ReasonCreate, user: Deciding, ledger: JuryLedgerDep, clock: ClockDep
) -> DecisionPublic:
    """Reject the certification for fraud (rescored ``rejected``, FRAUD)."""
    return _decision(
        ledger.reject_for_fraud(course_id, reason=body.reason, at=clock(), actor=user.actor)
    )


@router.post("/courses/{course_id}/fraud-rejection-withdrawal", response_model=DecisionPublic)
def create_fraud_rejection_withdrawal(
    course_id: UUID, body: ReasonCreate, user: Deciding, ledger: JuryLedgerDep, clock: ClockDep
) -> DecisionPublic:
    """Withdraw the fraud rejection (rescored normally)."""
    return _decision(
        ledger.unreject_for_fraud(course_id, reason=body.reason, at=clock(), actor=user.actor)
    )


@router.post("/courses/{course_id}/neutralisations", response_model=DecisionPublic)
def create_neutralisation(
    course_id: UUID,
    body: NeutralisationCreate,
    user: Deciding,
    ledger: JuryLedgerDep,
    clock: ClockDep,
) -> DecisionPublic:
    """Neutralise a question the v2 test asked."""
    return _decision(
        ledger.neutralise_challenge(
            course_id, body.challenge_id, reason=body.reason, at=clock(), actor=user.actor
        )
    )


@router.post("/courses/{course_id}/deneutralisations", response_model=DecisionPublic)
def create_deneutralisation(
    course_id: UUID,
    body: NeutralisationCreate,
    user: Deciding,
    ledger: JuryLedgerDep,
    clock: ClockDep,
) -> DecisionPublic:
    """Count a neutralised v2 question again."""
    return _decision(
        ledger.deneutralise_challenge(
            course_id, body.challenge_id, reason=body.reason, at=clock(), actor=user.actor
        )
    )


@router.post(
    "/courses/{course_id}/issue-reports/{report_id}/resolution", response_model=DecisionPublic
)
def create_issue_report_resolution(
    course_id: UUID,
    report_id: UUID,
    body: ResolutionCreate,
    user: Deciding,
    ledger: JuryLedgerDep,
    clock: ClockDep,
) -> DecisionPublic:
    """Resolve an incident report by hand (refused after an automatic resolution)."""
    return _decision(
        ledger.resolve_issue_report(
            course_id, report_id, resolution=body.resolution, at=clock(), actor=user.actor
        )
    )


@router.post("/courses/{course_id}/identity-corrections", response_model=DecisionPublic)
def create_identity_correction(
    course_id: UUID,
    body: IdentityCorrectionCreate,
    user: Deciding,
    ledger: JuryLedgerDep,
    clock: ClockDep,
) -> DecisionPublic:
    """Correct the candidate's identity on the course (§5.4; verification code untouched)."""
    fields = body.model_dump(exclude={"reason"}, exclude_none=True)
    return _decision(
        ledger.correct_candidate_identity(
            course_id, fields, reason=body.reason, at=clock(), actor=user.actor
        )
    )


@router.post("/courses/{course_id}/comments", response_model=DecisionPublic)
def create_course_comment(
    course_id: UUID, body: CommentCreate, user: Deciding, ledger: JuryLedgerDep, clock: ClockDep
) -> DecisionPublic:
    """An internal jury comment (every version kept)."""
    return _decision(
        ledger.comment_course(course_id, comment=body.comment, at=clock(), actor=user.actor)
    )


@router.post("/courses/{course_id}/manual-results", response_model=DecisionPublic)
def create_manual_result(
    course_id: UUID,
    body: ManualResultCreate,
    user: RecordingManually,
    ledger: JuryLedgerDep,
    clock: ClockDep,
) -> DecisionPublic:
    """A result recorded by hand (SUPER_ADMIN only)."""
    fields = body.model_dump(exclude={"reason"})
    return _decision(
        ledger.record_manual_result(
            course_id, fields, reason=body.reason, at=clock(), actor=user.actor
        )
    )


@router.get("/sessions/{session_id}")
def read_jury_session(session_id: UUID, _: Reading, ledger: JuryLedgerDep) -> dict[str, Any]:
    """The session as the jury sees it: details, courses, deliberation and publication."""
    return ledger.jury_session(session_id)


@router.post("/sessions/{session_id}/assignment", status_code=204)
def create_assignment(
    session_id: UUID,
    body: AssignmentCreate,
    user: Deciding,
    ledger: JuryLedgerDep,
    clock: ClockDep,
) -> None:
    """Assign the session to me: it is now in process."""
    name = body.officer_name or str(user.user_id)
    ledger.assign_session(session_id, officer_name=name, at=clock(), actor=user.actor)


@router.post("/sessions/{session_id}/comments", status_code=204)
def create_session_comment(
    session_id: UUID, body: CommentCreate, user: Deciding, ledger: JuryLedgerDep, clock: ClockDep
) -> None:
    """The jury's comment on the session (empty clears it; history kept)."""
    ledger.comment_session(session_id, comment=body.comment, at=clock(), actor=user.actor)


@router.post("/sessions/{session_id}/unfinalisation", status_code=204)
def create_unfinalisation(
    session_id: UUID, body: ReasonCreate, user: Deciding, ledger: JuryLedgerDep, clock: ClockDep
) -> None:
    """Send the session back to its centre (before publication)."""
    ledger.unfinalise_session(session_id, reason=body.reason, at=clock(), actor=user.actor)


@router.post("/sessions/{session_id}/auto-jury")
def create_auto_jury_run(
    session_id: UUID, user: Deciding, ledger: JuryLedgerDep, clock: ClockDep
) -> list[dict[str, Any]]:
    """Run the auto-jury if it has not run since finalisation (otherwise nothing happens)."""
    return ledger.run_auto_jury(session_id, at=clock())


@router.post("/sessions/{session_id}/publication", response_model=PublicationPublic)
def create_publication(
    session_id: UUID, user: Publishing, ledger: JuryLedgerDep, clock: ClockDep
) -> PublicationPublic:
    """Publish the session's results (§5.3: no course in error or never scored)."""
    course_ids = ledger.publish_session(session_id, at=clock(), actor=user.actor)
    return PublicationPublic(session_id=session_id, course_ids=list(course_ids))


@router.post("/sessions/{session_id}/unpublication", status_code=204)
def create_unpublication(
    session_id: UUID, body: ReasonCreate, user: Publishing, ledger: JuryLedgerDep, clock: ClockDep
) -> None:
    """Withdraw the session's results."""
    ledger.unpublish_session(session_id, reason=body.reason, at=clock(), actor=user.actor)


@router.post("/publications", response_model=BatchPublicationPublic)
def create_batch_publication(
    body: BatchPublicationCreate, user: Publishing, ledger: JuryLedgerDep, clock: ClockDep
) -> BatchPublicationPublic:
    """Publish several sessions, each in its own transaction; failures are listed."""
    batch = ledger.publish_sessions(body.session_ids, at=clock(), actor=user.actor)
    return BatchPublicationPublic(
        batch_id=batch.batch_id, published=list(batch.published), failures=list(batch.failures)
    )
