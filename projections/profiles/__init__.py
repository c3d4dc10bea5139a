"""Learner profiles: each learner's knowledge elements and evaluation status per competence.

Scorecards (pix, level, status, days before reset and retry) are computed from these rows at
query time with the domain's rules, so the delays follow the query's ``now``. Not here: the
certifiability used by certification, which reads events (``get_certifiability``).
"""

from projections.profiles.popo import POPOProfilesView
from projections.profiles.postgres import PostgresProfilesView
from projections.profiles.projection import ProfilesProjection, changes_for
from projections.profiles.sqlite import SQLiteProfilesView
from projections.profiles.view import CompetenceRow, ElementRow, Profile, ProfilesView

__all__ = [
    "CompetenceRow",
    "ElementRow",
    "POPOProfilesView",
    "PostgresProfilesView",
    "Profile",
    "ProfilesProjection",
    "ProfilesView",
    "SQLiteProfilesView",
    "changes_for",
]
