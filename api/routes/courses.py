"""The candidate's side of a session: reconcile, enter with the access code, answer, alert."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from api.auth import Authorized, authorize, ensure_owner
from api.deps import ClockDep, LedgerDep, RngDep, ShortCommandDep
from api.presenters.challenges import challenge_public
from api.schemas.certification import (
    CourseAnswerCreate,
    CourseAnswerPublic,
    CoursePublic,
    EntryCreate,
    LiveAlertCreate,
    QuestionPublic,
    ReconciliationCreate,
)
from domain.application import CertificationLedger
from domain.certification.course import CertificationCourse
from domain.certification.course_commands import CourseProgress

router = APIRouter(tags=["courses"])

Entering = Annotated[Authorized, Depends(authorize("certification.candidate.enter"))]
SELF_ONLY: frozenset[str] = frozenset()


@router.post("/sessions/{session_id}/reconciliation", status_code=204)
def create_reconciliation(
    session_id: UUID, body: ReconciliationCreate, user: Entering, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Prove you are an enrolled candidate (names and birthdate); needs a certifiable profile."""
    ledger.reconcile_candidate(
        session_id,
        user_id=user.user_id,
        first_name=body.first_name,
        last_name=body.last_name,
        birthdate=body.birthdate,
        at=clock(),
        actor=user.actor,
    )


@router.post("/sessions/{session_id}/entry", response_model=CoursePublic)
def create_entry(
    session_id: UUID, body: EntryCreate, user: Entering, ledger: LedgerDep, clock: ClockDep
) -> CoursePublic:
    """Start or resume your test with the access code (after the invigilator's go-ahead)."""
    course_id = ledger.enter_session(
        session_id,
        access_code=body.access_code,
        user_id=user.user_id,
        locale=body.locale,
        at=clock(),
        actor=user.actor,
        rng=random.SystemRandom(),
    )
    return _course(_own_course(ledger, user, course_id))


@router.get("/courses/{course_id}", response_model=CoursePublic)
def read_course(course_id: UUID, user: Entering, ledger: LedgerDep) -> CoursePublic:
    """Your test's state, deadline and verification code."""
    return _course(_own_course(ledger, user, course_id))


@router.post("/courses/{course_id}/next-question", response_model=QuestionPublic)
async def create_next_question(
    course_id: UUID,
    user: Entering,
    ledger: LedgerDep,
    clock: ClockDep,
    rng: RngDep,
    short: ShortCommandDep,
) -> QuestionPublic:
    """The question to answer: the one awaiting, or the next one chosen by the v3 algorithm."""
    # One load: ownership is checked on the course the command loaded, the reply built from it.
    progress = await short(
        lambda: ledger.serve_question(
            course_id, at=clock(), actor=user.actor, rng=rng, check=_owned_by(user)
        )
    )
    return _question(ledger, progress)


@router.post("/courses/{course_id}/answers", response_model=CourseAnswerPublic)
async def create_course_answer(
    course_id: UUID,
    body: CourseAnswerCreate,
    user: Entering,
    ledger: LedgerDep,
    clock: ClockDep,
    rng: RngDep,
    short: ShortCommandDep,
) -> CourseAnswerPublic:
    """Answer the current question and get the next one served in the same response.

    Sending the same answer again returns the same status and the same next question.
    """
    status, progress = await short(
        lambda: ledger.answer_and_continue(
            course_id,
            body.challenge_id,
            body.value,
            at=clock(),
            actor=user.actor,
            rng=rng,
            focused_out=body.focused_out,
            check=_owned_by(user),
        )
    )
    return CourseAnswerPublic(
        status=status,
        answered=progress.answered,
        state=progress.state,
        next_question=_question(ledger, progress) if progress.current_challenge_id else None,
    )


@router.post("/courses/{course_id}/live-alerts", status_code=204)
def create_live_alert(
    course_id: UUID, body: LiveAlertCreate, user: Entering, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Signal a problem with the current question to the invigilator."""
    _own_course(ledger, user, course_id)
    ledger.raise_live_alert(course_id, body.challenge_id, at=clock(), actor=user.actor)


@router.post("/courses/{course_id}/companion-alerts", status_code=204)
def create_companion_alert(
    course_id: UUID, user: Entering, ledger: LedgerDep, clock: ClockDep
) -> None:
    """The browser extension reports that the candidate left the locked-down browser."""
    _own_course(ledger, user, course_id)
    ledger.raise_companion_alert(course_id, at=clock(), actor=user.actor)


def _question(ledger: CertificationLedger, progress: CourseProgress) -> QuestionPublic:
    """The question awaiting an answer (public data only), or none once the test ended."""
    challenge_id = progress.current_challenge_id
    challenge = challenge_public(ledger.bank.challenge(challenge_id)) if challenge_id else None
    return QuestionPublic(
        course_id=progress.course_id,
        question_number=progress.answered + 1 if challenge_id else None,
        challenge=challenge.model_dump() if challenge else None,
        state=progress.state,
    )


def _own_course(
    ledger: CertificationLedger, user: Authorized, course_id: UUID
) -> CertificationCourse:
    course = ledger.get_course(course_id)
    _owned_by(user)(course)
    return course


def _owned_by(user: Authorized) -> Callable[[CertificationCourse], None]:
    """Refuses a course that is not the user's own (checked before any command acts)."""

    def check(course: CertificationCourse) -> None:
        ensure_owner(user, course.user_id, also=SELF_ONLY)

    return check


def _course(course: CertificationCourse) -> CoursePublic:
    return CoursePublic(
        course_id=course.id,
        state=course.state,
        answered=len(course.answers),
        deadline=course.deadline,
        verification_code=course.verification_code,
    )
