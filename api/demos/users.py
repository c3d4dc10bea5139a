"""The demo's seeded users: one per role, all with the same password (the demo store only)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid5

from domain.accounts import AccountCommands
from domain.actors import Actor
from domain.errors import LoginTakenError
from domain.ids import NAMESPACE

DEMO_CENTRE_ID = uuid5(NAMESPACE, "demo/centre")
"""The demo's certification centre."""

DEMO_PASSWORD = "demo-password"
"""Every seeded demo user's password: the demo store is for trying things out only."""

DEMO_USERS = (
    ("SUPER_ADMIN", "admin@demo.certledger.test", "Alice", "Admin"),
    ("METIER", "metier@demo.certledger.test", "Marc", "Metier"),
    ("JURY", "jury@demo.certledger.test", "Julie", "Jury"),
    ("AUDITOR", "auditor@demo.certledger.test", "Oscar", "Audit"),
    ("CENTER_ADMIN", "centre@demo.certledger.test", "Chloé", "Centre"),
    ("LEARNER", "learner@demo.certledger.test", "Léa", "Learner"),
)
"""Role, login, first and last name of each seeded demo user."""


def seed_demo_users(ledger: AccountCommands, *, at: datetime) -> dict[str, UUID]:
    """Create the demo's users (``DEMO_USERS``) unless they exist; their ids by role."""
    actor = Actor.system("demo")
    ids: dict[str, UUID] = {}
    for role, email, first, last in DEMO_USERS:
        try:
            if role == "LEARNER":
                ids[role] = ledger.register_learner(
                    email=email, password=DEMO_PASSWORD, first_name=first, last_name=last,
                    birthdate=date(2005, 3, 14), registered_at=at, actor=actor,
                )  # fmt: skip
            else:
                ids[role] = ledger.create_staff(
                    role=role, email=email, password=DEMO_PASSWORD, first_name=first,
                    last_name=last, created_at=at, actor=actor,
                    centre_id=DEMO_CENTRE_ID if role == "CENTER_ADMIN" else None,
                    referent=role == "CENTER_ADMIN",
                )  # fmt: skip
        except LoginTakenError:
            ids[role] = ledger.authenticate(email, DEMO_PASSWORD).id
    return ids
