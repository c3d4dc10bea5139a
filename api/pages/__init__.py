"""Server-rendered pages for people (jury reviewers, employers, auditors) on the same app.

Belongs here: Jinja2 templating (``render``), cookie sign-in and sign-out, the page guard
(``require_staff(action)``, same role table as the API: ``api.auth.policy.ACTIONS``), CSRF
tokens for forms, and the shared templates (``templates/base.html``). Pages of a context live
in their own router module (e.g. ``api/pages/jury.py``) and templates; business rules never do.

How to write a page::

    @router.get("/pages/things/{id}", response_class=HTMLResponse)
    def read_thing_page(
        request: Request, user: Annotated[PageUser, Depends(require_staff("things.read"))]
    ) -> HTMLResponse:
        return render(request, "things/thing.html", {"thing": ...})

Every unsafe request (POST) through ``require_staff`` must carry the form field
``csrf_token`` (``{{ csrf_field() }}`` in a template); public forms add ``Depends(csrf_protect)``.
A public page (no sign-in) simply calls ``render`` without a guard and lists its path in
``PUBLIC_ROUTES``. See docs/pages.md and ADR 0900.
"""

from __future__ import annotations

from api.pages.csrf import csrf_protect
from api.pages.guard import PageUser, RequireStaff, require_staff
from api.pages.setup import install_pages
from api.pages.templating import render

__all__ = [
    "PageUser",
    "RequireStaff",
    "csrf_protect",
    "install_pages",
    "render",
    "require_staff",
]
