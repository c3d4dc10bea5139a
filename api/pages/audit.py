"""The audit report page of a session: replay result, history, and each event's proof."""

from __future__ import annotations

import json
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.auth.policy import PERSONAL_DATA_OFFICERS
from api.pages.guard import PageUser, require_staff
from api.pages.templating import render
from api.presenters.audit import session_history, session_replay

router = APIRouter(prefix="/pages/audit", tags=["pages"])

Auditor = Annotated[PageUser, Depends(require_staff("audit.read"))]


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def read_session_audit_page(
    session_id: UUID, request: Request, user: Auditor, checkpoint: int | None = None
) -> HTMLResponse:
    """Replay verdict, differences, then every event with its inclusion proof."""
    container = request.app.state.container
    personal = user.role in PERSONAL_DATA_OFFICERS
    history = session_history(container, session_id, personal=personal, as_of=checkpoint)
    replay = session_replay(container, session_id, as_of=checkpoint)
    for event in history["events"]:
        event["payload_json"] = json.dumps(event["payload"], default=str, indent=1)
        proof = event["inclusion_proof"]
        event["proof_json"] = json.dumps(proof, indent=1) if proof else None
    context = {"session_id": session_id, "history": history, "replay": replay}
    return render(request, "audit/session.html", context)
