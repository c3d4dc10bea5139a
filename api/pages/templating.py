"""``render(request, template, context)``: a Jinja2 page with the signed-in user and CSRF token.

Templates live in ``api/pages/templates`` (one folder per context: ``jury/``, ``audit/``...)
and extend ``base.html``. Autoescaping is on for every ``.html`` template.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from api.pages.csrf import ANONYMOUS, CSRF_FIELD, token_for

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja2 environment of the process (templates are compiled once)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    return env


def _when(value: Any) -> str:
    """A datetime as ``2026-11-22 09:15 UTC`` (pages show UTC, with the zone said)."""
    if value is None:
        return "—"
    text = str(value)
    return text[:16].replace("T", " ") + " UTC" if len(text) >= 16 else text


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """The page ``template`` rendered with ``context``, the signed-in user and a CSRF token."""
    user = getattr(request.state, "page_user", None)
    token = token_for(request, str(user.user_id) if user is not None else ANONYMOUS)
    field = Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, escape(token))
    body = (
        environment()
        .get_template(template)
        .render(
            {
                "request": request,
                "user": user,
                "csrf_token": token,
                "csrf_field": field,
                **(context or {}),
            }
        )
    )
    return HTMLResponse(body, status_code=status_code)
