"""Centres and their sessions, as centre staff manage them: candidates, incidents, finalisation."""

from __future__ import annotations

import random
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Depends

from api.auth import OVERSEERS, Authorized, authorize, ensure_centre_member
from api.deps import ClockDep, LedgerDep, SessionBoardsDep
from api.presenters.session_board import SessionBoards
from api.schemas.certification import (
    CandidateCreate,
    CandidateIdsPublic,
    CandidatePublic,
    CandidatesPublic,
    CentreCreate,
    CentrePublic,
    FinalizationCreate,
    IssueReportCreate,
    IssueReportPublic,
    ResultPublic,
    ResultsPublic,
    SessionCreate,
    SessionDetails,
    SessionPublic,
)
from domain.application import CertificationLedger
from domain.certification.session import CertificationSession

router = APIRouter(tags=["sessions"])

CreatingCentres = Annotated[Authorized, Depends(authorize("certification.centres.create"))]
ReadingCentres = Annotated[Authorized, Depends(authorize("certification.centres.read"))]
Managing = Annotated[Authorized, Depends(authorize("certification.sessions.manage"))]
Reading = Annotated[Authorized, Depends(authorize("certification.sessions.read"))]
STAFF_OVERSEERS = OVERSEERS | {"JURY"}
"""Who may read any centre's sessions besides the centre's own staff."""


@router.post("/centres", response_model=CentrePublic, status_code=201)
def create_centre(
    body: CentreCreate, user: CreatingCentres, ledger: LedgerDep, clock: ClockDep
) -> CentrePublic:
    """Register a certification centre (administrators)."""
    centre_id = ledger.register_centre(
        name=body.name,
        centre_type=body.centre_type,
        external_id=body.external_id,
        at=clock(),
        actor=user.actor,
    )
    return _centre(ledger, centre_id)


@router.get("/centres/{centre_id}", response_model=CentrePublic)
def read_centre(centre_id: UUID, user: ReadingCentres, ledger: LedgerDep) -> CentrePublic:
    """A centre's details."""
    ensure_centre_member(user, centre_id)
    return _centre(ledger, centre_id)


@router.post("/centres/{centre_id}/sessions", response_model=SessionPublic, status_code=201)
def create_session(
    centre_id: UUID, body: SessionCreate, user: Managing, ledger: LedgerDep, clock: ClockDep
) -> SessionPublic:
    """Create a session; its access code and invigilator password are drawn securely."""
    ensure_centre_member(user, centre_id)
    session_id = ledger.create_session(
        centre_id=centre_id,
        details=body.model_dump(exclude={"version"}),
        at=clock(),
        actor=user.actor,
        rng=random.SystemRandom(),
        version=body.version,
    )
    return _session(ledger.get_session(session_id), with_password=True)


@router.get("/sessions/{session_id}", response_model=SessionPublic)
def read_session(session_id: UUID, user: Reading, ledger: LedgerDep) -> SessionPublic:
    """A session; the invigilator password is shown to the centre's staff only."""
    session = _session_of(ledger, user, session_id, also=STAFF_OVERSEERS)
    return _session(session, with_password=session.centre_id in user.centre_ids)


@router.patch("/sessions/{session_id}", response_model=SessionPublic)
def update_session(
    session_id: UUID, body: SessionDetails, user: Managing, ledger: LedgerDep, clock: ClockDep
) -> SessionPublic:
    """Correct the session's details (refused once a candidate has started)."""
    _session_of(ledger, user, session_id)
    ledger.change_session_details(session_id, body.model_dump(), at=clock(), actor=user.actor)
    return _session(ledger.get_session(session_id), with_password=True)


@router.post("/sessions/{session_id}/candidates", response_model=CandidatePublic, status_code=201)
def create_candidate(
    session_id: UUID, body: CandidateCreate, user: Managing, ledger: LedgerDep, clock: ClockDep
) -> CandidatePublic:
    """Enrol one candidate; every faulty field is listed in ``problems``."""
    _session_of(ledger, user, session_id)
    candidate_id = ledger.enrol_candidate(
        session_id, body.model_dump(), at=clock(), actor=user.actor
    )
    return CandidatePublic(**ledger.read_candidate(session_id, candidate_id))


@router.post(
    "/sessions/{session_id}/candidates/import",
    response_model=CandidateIdsPublic,
    status_code=201,
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def import_candidates(
    session_id: UUID,
    user: Managing,
    ledger: LedgerDep,
    clock: ClockDep,
    data: Annotated[bytes, Body(media_type="text/csv")],
) -> CandidateIdsPublic:
    """Enrol every candidate of a UTF-8 CSV file, or none: each bad line is in ``problems``."""
    _session_of(ledger, user, session_id)
    ids = ledger.import_candidates(session_id, data, at=clock(), actor=user.actor)
    return CandidateIdsPublic(candidate_ids=ids)


@router.get("/sessions/{session_id}/candidates", response_model=CandidatesPublic)
def list_candidates(
    session_id: UUID, user: Managing, ledger: LedgerDep, boards: SessionBoardsDep
) -> CandidatesPublic:
    """The session's candidates with their identity (read through the personal-data vault)."""
    _session_of(ledger, user, session_id)
    rows = ledger.list_candidates(session_id, boards.board(session_id))
    return CandidatesPublic(
        items=[CandidatePublic.model_validate(c, from_attributes=True) for c in rows]
    )


@router.delete("/sessions/{session_id}/candidates/{candidate_id}", status_code=204)
def delete_candidate(
    session_id: UUID, candidate_id: UUID, user: Managing, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Remove a candidate not yet linked to a user."""
    _session_of(ledger, user, session_id)
    ledger.remove_candidate(session_id, candidate_id, at=clock(), actor=user.actor)


@router.post(
    "/sessions/{session_id}/issue-reports", response_model=IssueReportPublic, status_code=201
)
def create_issue_report(
    session_id: UUID, body: IssueReportCreate, user: Managing, ledger: LedgerDep, clock: ClockDep
) -> IssueReportPublic:
    """Report an incident on a candidate's course (categories as in the spec)."""
    _session_of(ledger, user, session_id)
    report_id = ledger.add_issue_report(
        session_id,
        body.course_id,
        body.model_dump(exclude={"course_id"}),
        at=clock(),
        actor=user.actor,
    )
    return IssueReportPublic(report_id=report_id)


@router.delete("/sessions/{session_id}/issue-reports/{report_id}", status_code=204)
def delete_issue_report(
    session_id: UUID, report_id: UUID, user: Managing, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Withdraw an incident report before finalisation."""
    _session_of(ledger, user, session_id)
    ledger.delete_issue_report(session_id, report_id, at=clock(), actor=user.actor)


@router.post("/sessions/{session_id}/finalization", response_model=ResultsPublic)
def create_finalization(
    session_id: UUID,
    body: FinalizationCreate,
    user: Managing,
    ledger: LedgerDep,
    clock: ClockDep,
    boards: SessionBoardsDep,
) -> ResultsPublic:
    """Finalise: unfinished tests need an abort reason; every course is scored."""
    _session_of(ledger, user, session_id)
    ledger.finalize_session(
        session_id,
        examiner_global_comment=body.examiner_global_comment,
        has_incident=body.has_incident,
        has_joining_issue=body.has_joining_issue,
        abort_reasons=dict(body.abort_reasons),
        at=clock(),
        actor=user.actor,
    )
    # The board is brought up to the log's head first, so it shows the finalisation.
    return _results(ledger, ledger.get_session(session_id), boards)


@router.get("/sessions/{session_id}/results", response_model=ResultsPublic)
def read_results(
    session_id: UUID, user: Reading, ledger: LedgerDep, boards: SessionBoardsDep
) -> ResultsPublic:
    """Each candidate's course state and latest recorded result."""
    session = _session_of(ledger, user, session_id, also=STAFF_OVERSEERS)
    return _results(ledger, session, boards)


def _session_of(
    ledger: CertificationLedger,
    user: Authorized,
    session_id: UUID,
    also: frozenset[str] = OVERSEERS,
) -> CertificationSession:
    session = ledger.get_session(session_id)
    ensure_centre_member(user, session.centre_id, also=also)
    return session


def _centre(ledger: CertificationLedger, centre_id: UUID) -> CentrePublic:
    centre = ledger.get_centre(centre_id)
    return CentrePublic(
        id=centre.id,
        name=centre.name,
        centre_type=centre.centre_type,
        external_id=centre.external_id,
    )


def _session(session: CertificationSession, *, with_password: bool) -> SessionPublic:
    return SessionPublic(
        id=session.id,
        centre_id=session.centre_id,
        centre_name=session.centre_name,
        status=session.status.value,
        version=session.certification_version,
        details=session.details,
        access_code=session.access_code,
        invigilator_password=session.invigilator_password if with_password else None,
        candidate_count=len(session.candidates),
        finalized_at=session.finalized_at,
    )


def _results(
    ledger: CertificationLedger, session: CertificationSession, boards: SessionBoards
) -> ResultsPublic:
    rows = ledger.session_results(session.id, boards.board(session.id))
    return ResultsPublic(
        session_id=session.id,
        status=session.status.value,
        items=[ResultPublic.model_validate(r, from_attributes=True) for r in rows],
    )
