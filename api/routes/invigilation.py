"""The invigilator's screen: candidates' progress, authorisations, ending tests, live alerts."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from api.auth import Authorized, authorize, ensure_invigilator_of
from api.auth.guard import ensure_centre_member
from api.deps import ClockDep, LedgerDep, SessionBoardsDep
from api.schemas.certification import (
    AuthorizationCreate,
    LiveAlertValidation,
    SupervisedCandidatePublic,
    SupervisionPublic,
)
from domain.application import CertificationLedger
from domain.certification.errors import CandidateNotFoundError
from domain.certification.session import CertificationSession

router = APIRouter(prefix="/sessions/{session_id}", tags=["invigilation"])

Invigilating = Annotated[Authorized, Depends(authorize("certification.invigilate"))]


@router.get("/supervision", response_model=SupervisionPublic)
def read_supervision(
    session_id: UUID, user: Invigilating, ledger: LedgerDep, boards: SessionBoardsDep
) -> SupervisionPublic:
    """Every candidate: identity, authorisation, progress, theoretical end and alerts."""
    session = _invigilate(ledger, user, session_id)
    rows = ledger.supervise_session(session_id, boards.board(session_id))
    return SupervisionPublic(
        session_id=session_id,
        status=session.status.value,
        candidates=[
            SupervisedCandidatePublic.model_validate(r, from_attributes=True) for r in rows
        ],
    )


@router.post("/candidates/{candidate_id}/authorization", status_code=204)
def create_authorization(
    session_id: UUID,
    candidate_id: UUID,
    body: AuthorizationCreate,
    user: Invigilating,
    ledger: LedgerDep,
    clock: ClockDep,
) -> None:
    """Confirm presence (start) or allow a resume; valid 15 minutes, used up on entry."""
    _invigilate(ledger, user, session_id)
    ledger.authorize_candidate(
        session_id, candidate_id, purpose=body.purpose, at=clock(), actor=user.actor
    )


@router.post("/candidates/{candidate_id}/end-test", status_code=204)
def create_end_test(
    session_id: UUID, candidate_id: UUID, user: Invigilating, ledger: LedgerDep, clock: ClockDep
) -> None:
    """End a candidate's unfinished test."""
    course_id = _course_of(ledger, user, session_id, candidate_id)
    ledger.end_course_by_invigilator(course_id, at=clock(), actor=user.actor)


@router.post("/candidates/{candidate_id}/live-alert/dismissal", status_code=204)
def create_live_alert_dismissal(
    session_id: UUID, candidate_id: UUID, user: Invigilating, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Dismiss the ongoing alert: the candidate goes on with the same question."""
    course_id = _course_of(ledger, user, session_id, candidate_id)
    ledger.dismiss_live_alert(course_id, at=clock(), actor=user.actor)


@router.post("/candidates/{candidate_id}/live-alert/validation", status_code=204)
def create_live_alert_validation(
    session_id: UUID,
    candidate_id: UUID,
    body: LiveAlertValidation,
    user: Invigilating,
    ledger: LedgerDep,
    clock: ClockDep,
) -> None:
    """Validate the alert with its subcategory (E1-E12): a new question is served."""
    course_id = _course_of(ledger, user, session_id, candidate_id)
    ledger.validate_live_alert(course_id, body.subcategory, at=clock(), actor=user.actor)


@router.post("/candidates/{candidate_id}/companion-alert/clearance", status_code=204)
def create_companion_alert_clearance(
    session_id: UUID, candidate_id: UUID, user: Invigilating, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Confirm the browser extension is active again."""
    course_id = _course_of(ledger, user, session_id, candidate_id)
    ledger.clear_companion_alert(course_id, at=clock(), actor=user.actor)


def _invigilate(
    ledger: CertificationLedger, user: Authorized, session_id: UUID
) -> CertificationSession:
    """Invigilators: their session's token; centre staff: their centre's sessions."""
    if user.role == "INVIGILATOR":
        ensure_invigilator_of(user, session_id, also=frozenset())
    session = ledger.get_session(session_id)
    if user.role != "INVIGILATOR":
        ensure_centre_member(user, session.centre_id, also=frozenset())
    return session


def _course_of(
    ledger: CertificationLedger, user: Authorized, session_id: UUID, candidate_id: UUID
) -> UUID:
    candidate = _invigilate(ledger, user, session_id).candidates.get(candidate_id)
    if candidate is None or candidate.course_id is None:
        raise CandidateNotFoundError(f"candidate {candidate_id} has not started a test")
    return candidate.course_id
