"""The declared table of who may do what: action -> roles allowed, plus the public routes.

Every route is either public (``PUBLIC_ROUTES``) or depends on ``authorize("<action>")`` with
an action listed here; ``tests/unit/api/test_authorization_matrix.py`` walks the app's routes
and fails on any route without a rule. Each context adds its rows in its own section.
Ownership (a learner's own data, a member's own centre...) is checked by the helpers in
``api.auth.guard`` once the resource is known.
"""

from __future__ import annotations

ADMINS = frozenset({"SUPER_ADMIN", "CERTIF", "SUPPORT", "METIER"})
"""Pix Admin roles; METIER reads everything an administrator reads and writes nothing."""

ADMIN_WRITERS = ADMINS - {"METIER"}
"""Administrators who may change things (lifecycle spec §1.4)."""

CENTRE_STAFF = frozenset({"CENTER_ADMIN", "CENTER_MEMBER"})
ORGANISATION_STAFF = frozenset({"ORGA_ADMIN", "ORGA_MEMBER"})
LEARNERS = frozenset({"LEARNER", "CANDIDATE"})

ACCOUNT_HOLDERS = LEARNERS | CENTRE_STAFF | ORGANISATION_STAFF | ADMINS | {"JURY", "AUDITOR"}
"""Roles held by people with an account (not API clients, invigilators or processes)."""

TOKEN_HOLDERS = ACCOUNT_HOLDERS | {"API_CLIENT", "INVIGILATOR"}
"""Every role a bearer token can carry."""

PERSONAL_DATA_OFFICERS = frozenset({"SUPER_ADMIN", "SUPPORT"})
"""Who may read or erase anyone's personal data (right of access and erasure requests)."""

JURY_DECIDERS = frozenset({"SUPER_ADMIN", "CERTIF", "SUPPORT", "JURY"})
"""Who takes jury decisions and publishes (the same set as ``jury.decisions.DECIDERS``)."""

ACTIONS: dict[str, frozenset[str]] = {
    # -- accounts and authentication (issue 5) ---------------------------------------------
    "accounts.me.read": ACCOUNT_HOLDERS | {"API_CLIENT"},
    "accounts.personal_data.read": ACCOUNT_HOLDERS,  # others than officers: their own only
    "accounts.personal_data.erase": PERSONAL_DATA_OFFICERS,
    "accounts.staff.create": frozenset({"SUPER_ADMIN"}),
    "accounts.centre_members.create": frozenset({"SUPER_ADMIN", "SUPPORT", "CENTER_ADMIN"}),
    "accounts.centre_memberships.grant": frozenset({"SUPER_ADMIN", "SUPPORT", "CENTER_ADMIN"}),
    "accounts.api_clients.create": frozenset({"SUPER_ADMIN"}),
    "auth.logout": TOKEN_HOLDERS,
    # -- scoring simulators (foundation): read-only computations, so METIER too -------------
    "scoring.simulate": ADMINS,
    # -- statistics (foundation) -----------------------------------------------------------
    "statistics.read": ADMINS | {"JURY", "AUDITOR"},
    # -- positioning (issue 4) -------------------------------------------------------------
    "positioning.evaluate": LEARNERS,  # own evaluations only (ensure_owner, no overseers)
    "positioning.reset": LEARNERS,  # reset and retry: own competences only
    "positioning.tutorials.save": LEARNERS,
    "positioning.profile.read": LEARNERS | ADMINS | {"AUDITOR"},  # learners: their own
    "positioning.certifiability.read": LEARNERS | ADMINS | {"AUDITOR"},
    # -- certification (issue 6) -----------------------------------------------------------
    "certification.centres.create": ADMIN_WRITERS,
    "certification.centres.read": CENTRE_STAFF | ADMINS | {"AUDITOR"},  # staff: their centre
    "certification.sessions.manage": CENTRE_STAFF | ADMIN_WRITERS,  # staff: their centre
    "certification.sessions.read": CENTRE_STAFF | ADMINS | {"JURY", "AUDITOR"},
    "certification.candidate.enter": LEARNERS,  # their own course only
    "certification.invigilate": frozenset({"INVIGILATOR"}) | CENTRE_STAFF,  # their session
    # -- jury (issue 10): METIER reads, never decides (lifecycle §1.4) -----------------------
    "jury.read": ADMINS | {"JURY", "AUDITOR"},
    "jury.decide": JURY_DECIDERS,
    "jury.publish": JURY_DECIDERS,
    "jury.manual_result": frozenset({"SUPER_ADMIN"}),
    "certification.result.read": LEARNERS,  # their own course, once published
    # -- pages (issue 10): cookie sign-in, same table ---------------------------------------
    "pages.home": ACCOUNT_HOLDERS,
    "pages.sign_out": ACCOUNT_HOLDERS,
    # -- campaigns (issue 13): members narrowed to their organisation in the handlers -------
    "campaigns.organisations.create": ADMIN_WRITERS,
    "campaigns.organisations.read": ORGANISATION_STAFF | ADMINS | {"AUDITOR"},
    "campaigns.organisations.manage": ORGANISATION_STAFF | ADMIN_WRITERS,  # ORGA_ADMIN only
    "campaigns.campaigns.manage": ORGANISATION_STAFF | ADMIN_WRITERS,
    "campaigns.results.read": ORGANISATION_STAFF | ADMINS | {"AUDITOR"},
    "campaigns.target_profiles.read": ORGANISATION_STAFF | ADMINS,
    "campaigns.participate": LEARNERS,  # their own participations only
    "campaigns.api_scopes.grant": frozenset({"SUPER_ADMIN"}),
    "campaigns.school_records.read": frozenset({"API_CLIENT"}),  # scope school-records
    "campaigns.higher_education.search": frozenset({"API_CLIENT"}),  # scope higher-education
}
"""Action -> the roles allowed to call it. Adding a protected route means adding a row."""

PUBLIC_ROUTES: tuple[str, ...] = (
    "/health",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/openapi.json",
    "/framework*",
    "/bank*",
    "/accounts/learners",
    "/auth/token",
    "/auth/refresh",
    "/auth/invigilator",
    "/pages/sign-in",
    "/pages/results/*",
)
"""Paths served without a token; a trailing ``*`` covers every path under that prefix."""


def is_public(path: str) -> bool:
    """Whether ``path`` (a route's path template) is served without a token."""
    return any(path.startswith(p[:-1]) if p.endswith("*") else path == p for p in PUBLIC_ROUTES)
