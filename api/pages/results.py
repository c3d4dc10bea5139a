"""The public page a result recipient's e-mail links to (valid thirty days, §5.5)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import ClockDep, JuryLedgerDep, SettingsDep
from api.errors import status_for
from api.notifications import read_result_link
from api.pages.templating import render
from domain.errors import LedgerError

router = APIRouter(prefix="/pages/results", tags=["pages"], include_in_schema=False)


@router.get("/{token}", response_class=HTMLResponse)
def read_recipient_results_page(
    request: Request, token: str, ledger: JuryLedgerDep, settings: SettingsDep, clock: ClockDep
) -> HTMLResponse:
    try:
        session_id, notification_id = read_result_link(settings, token, clock())
        found = ledger.results_for_recipient(session_id, notification_id)
    except LedgerError as error:
        context = {"code": error.code, "detail": error.detail, "title": "Results unavailable"}
        return render(request, "error.html", context, status_code=status_for(error))
    return render(request, "results.html", {"found": found})
