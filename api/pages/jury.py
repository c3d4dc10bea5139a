"""The jury's pages: work queue, session, course (timeline and capacity chart), decisions.

Each form posts to one handler that calls one ledger command; a refusal shows its code and
message with the HTTP status the API would give, and records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth.guard import Authorized
from api.auth.policy import ACTIONS
from api.deps import ClockDep, JuryLedgerDep, JuryQueueViewDep
from api.errors import status_for
from api.pages.charts import capacity_chart
from api.pages.guard import require_staff
from api.pages.sign_in import HOME_LINKS
from api.pages.templating import render
from domain.errors import InvalidInputError, LedgerError
from jury.application import JuryLedger

router = APIRouter(prefix="/pages/jury", tags=["pages"], include_in_schema=False)
HOME_LINKS.append(("Jury work queue", "/pages/jury/", "jury.read"))

Reader = Annotated[Authorized, Depends(require_staff("jury.read"))]
Decider = Annotated[Authorized, Depends(require_staff("jury.decide"))]
Publisher = Annotated[Authorized, Depends(require_staff("jury.publish"))]
ManualRecorder = Annotated[Authorized, Depends(require_staff("jury.manual_result"))]
Text = Annotated[str, Form()]

COURSE_DECISIONS: dict[str, Callable[..., Any]] = {
    "reject": JuryLedger.reject_for_fraud,
    "unreject": JuryLedger.unreject_for_fraud,
    "cancel": JuryLedger.cancel_certification,
    "uncancel": JuryLedger.uncancel_certification,
}
LABELS = {
    "reject": "Reject for fraud", "unreject": "Withdraw the fraud rejection",
    "cancel": "Cancel the certification", "uncancel": "Withdraw the cancellation",
    "neutralise": "Neutralise a question", "deneutralise": "De-neutralise a question",
    "comment": "Internal comment",
}  # fmt: skip


def _done(request: Request, target: str, notice: str, act: Callable[[], object]) -> Response:
    """Run a command; on success go back to ``target`` with a notice, else show the refusal."""
    try:
        act()
    except LedgerError as error:
        context = {"code": error.code, "detail": error.detail, "title": "Refused", "back": target}
        return render(request, "error.html", context, status_code=status_for(error))
    return RedirectResponse(f"{target}?notice={quote(notice)}", status_code=303)


@router.get("/", response_class=HTMLResponse)
def read_queue_page(
    request: Request,
    _: Reader,
    view: JuryQueueViewDep,
    status: str = "",
    centre: str = "",
    date_from: str = "",
    date_to: str = "",
) -> HTMLResponse:
    filters = {
        "status": status or None, "centre_id": centre or None,
        "date_from": date_from or None, "date_to": date_to or None,
    }  # fmt: skip
    entries = view.list_sessions(**filters)
    context = {
        "entries": entries,
        "filters": {"status": status, "centre": centre, "date_from": date_from, "date_to": date_to},
    }
    return render(request, "jury/queue.html", context)


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def read_session_page(
    request: Request, session_id: UUID, user: Reader, ledger: JuryLedgerDep, notice: str = ""
) -> HTMLResponse:
    context = {
        "session": ledger.jury_session(session_id),
        "notice": notice,
        "may_decide": user.role in ACTIONS["jury.decide"],
        "may_publish": user.role in ACTIONS["jury.publish"],
    }
    return render(request, "jury/session.html", context)


@router.get("/courses/{course_id}", response_class=HTMLResponse)
def read_course_page(
    request: Request, course_id: UUID, user: Reader, ledger: JuryLedgerDep, notice: str = ""
) -> HTMLResponse:
    course = ledger.jury_course(course_id)
    points = [
        (q["number"], q["capacity"], q["error_rate"])
        for q in course["questions"]
        if q["capacity"] is not None
    ]
    name = f"{course['identity'].get('first_name', '')} {course['identity'].get('last_name', '')}"
    context = {
        "course": course,
        "chart": capacity_chart(points, f"Capacity estimate of {name.strip()}"),
        "notice": notice,
        "labels": LABELS,
        "decisions": _offered(course),
        "may_decide": user.role in ACTIONS["jury.decide"],
        "may_record": user.role in ACTIONS["jury.manual_result"],
    }
    return render(request, "jury/course.html", context)


def _offered(course: dict[str, Any]) -> list[str]:
    """The decisions that make sense now (the command still checks every rule)."""
    offered = ["uncancel" if course["cancelled"] else "cancel"]
    offered.insert(0, "unreject" if course["rejected_for_fraud"] else "reject")
    if course["version"] == 2:
        offered += ["neutralise", "deneutralise"]
    return [*offered, "comment"]


@router.post("/courses/{course_id}/decisions")
def create_course_decision(
    request: Request,
    course_id: UUID,
    user: Decider,
    ledger: JuryLedgerDep,
    clock: ClockDep,
    decision: Text,
    reason: Annotated[str, Form()] = "",
    challenge_id: Annotated[str, Form()] = "",
) -> Response:
    now: datetime = clock()

    def act() -> object:
        if decision == "comment":
            return ledger.comment_course(course_id, comment=reason, at=now, actor=user.actor)
        if decision in ("neutralise", "deneutralise"):
            command = (
                ledger.neutralise_challenge
                if decision == "neutralise"
                else ledger.deneutralise_challenge
            )
            return command(course_id, challenge_id, reason=reason, at=now, actor=user.actor)
        if decision not in COURSE_DECISIONS:
            raise _UnknownDecisionError(f"no decision called {decision!r}")
        return COURSE_DECISIONS[decision](
            ledger, course_id, reason=reason, at=now, actor=user.actor
        )

    return _done(request, f"/pages/jury/courses/{course_id}", f"{LABELS.get(decision)}: done", act)


class _UnknownDecisionError(InvalidInputError):
    code = "unknown_decision"


@router.post("/courses/{course_id}/manual-result")
def create_course_manual_result(
    request: Request,
    course_id: UUID,
    user: ManualRecorder,
    ledger: JuryLedgerDep,
    clock: ClockDep,
    status: Text,
    reason: Annotated[str, Form()] = "",
    pix_score: Annotated[str, Form()] = "",
) -> Response:
    fields = {"status": status, "pix_score": int(pix_score) if pix_score.isdigit() else None}
    return _done(
        request,
        f"/pages/jury/courses/{course_id}",
        "Manual result recorded",
        lambda: ledger.record_manual_result(
            course_id, fields, reason=reason, at=clock(), actor=user.actor
        ),
    )


@router.post("/courses/{course_id}/issue-reports/{report_id}/resolution")
def create_issue_report_resolution_page(
    request: Request,
    course_id: UUID,
    report_id: UUID,
    user: Decider,
    ledger: JuryLedgerDep,
    clock: ClockDep,
    resolution: Annotated[str, Form()] = "",
) -> Response:
    return _done(
        request,
        f"/pages/jury/courses/{course_id}",
        "Incident resolved",
        lambda: ledger.resolve_issue_report(
            course_id, report_id, resolution=resolution, at=clock(), actor=user.actor
        ),
    )


@router.post("/courses/{course_id}/identity")
def create_identity_correction_page(
    request: Request,
    course_id: UUID,
    user: Decider,
    ledger: JuryLedgerDep,
    clock: ClockDep,
    first_name: Annotated[str, Form()] = "",
    last_name: Annotated[str, Form()] = "",
    birthdate: Annotated[str, Form()] = "",
    sex: Annotated[str, Form()] = "",
    birth_city: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    given = {
        "first_name": first_name, "last_name": last_name, "birthdate": birthdate, "sex": sex,
        "birth_city": birth_city,
    }  # fmt: skip
    fields = {k: v for k, v in given.items() if v.strip()}
    return _done(
        request,
        f"/pages/jury/courses/{course_id}",
        "Identity corrected",
        lambda: ledger.correct_candidate_identity(
            course_id, fields, reason=reason, at=clock(), actor=user.actor
        ),
    )


@router.post("/sessions/{session_id}/unfinalisation")
def create_unfinalisation_page(
    request: Request,
    session_id: UUID,
    user: Decider,
    ledger: JuryLedgerDep,
    clock: ClockDep,
    reason: Annotated[str, Form()] = "",
) -> Response:
    return _done(
        request,
        f"/pages/jury/sessions/{session_id}",
        "Session sent back to its centre",
        lambda: ledger.unfinalise_session(session_id, reason=reason, at=clock(), actor=user.actor),
    )


@router.post("/sessions/{session_id}/publication")
def create_publication_page(
    request: Request, session_id: UUID, user: Publisher, ledger: JuryLedgerDep, clock: ClockDep
) -> Response:
    return _done(
        request,
        f"/pages/jury/sessions/{session_id}",
        "Session published",
        lambda: ledger.publish_session(session_id, at=clock(), actor=user.actor),
    )


@router.post("/sessions/{session_id}/unpublication")
def create_unpublication_page(
    request: Request,
    session_id: UUID,
    user: Publisher,
    ledger: JuryLedgerDep,
    clock: ClockDep,
    reason: Annotated[str, Form()] = "",
) -> Response:
    return _done(
        request,
        f"/pages/jury/sessions/{session_id}",
        "Session unpublished",
        lambda: ledger.unpublish_session(session_id, reason=reason, at=clock(), actor=user.actor),
    )


@router.post("/sessions/{session_id}/assignment")
def create_assignment_page(
    request: Request, session_id: UUID, user: Decider, ledger: JuryLedgerDep, clock: ClockDep
) -> Response:
    name = _officer_name(ledger, user)
    return _done(
        request,
        f"/pages/jury/sessions/{session_id}",
        "Session assigned to you",
        lambda: ledger.assign_session(session_id, officer_name=name, at=clock(), actor=user.actor),
    )


def _officer_name(ledger: JuryLedger, user: Authorized) -> str:
    """The reviewer's name as their account holds it (their role if it cannot be read)."""
    try:
        fields = ledger.read_personal_data(user.user_id).fields
    except LedgerError:
        return user.role
    return f"{fields.get('first_name', '')} {fields.get('last_name', '')}".strip() or user.role


@router.post("/sessions/{session_id}/comment")
def create_session_comment_page(
    request: Request,
    session_id: UUID,
    user: Decider,
    ledger: JuryLedgerDep,
    clock: ClockDep,
    comment: Annotated[str, Form()] = "",
) -> Response:
    return _done(
        request,
        f"/pages/jury/sessions/{session_id}",
        "Comment saved",
        lambda: ledger.comment_session(session_id, comment=comment, at=clock(), actor=user.actor),
    )
