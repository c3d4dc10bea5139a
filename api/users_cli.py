"""``certledger users ...``: bootstrap administrators; and the demo's seeded users.

The password is read from standard input (``--password-stdin``) or prompted for, never taken
from the command line, where it would land in shell history and process listings.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, date, datetime
from uuid import UUID, uuid5

from api import bootstrap
from api.settings import Settings
from domain.accounts import ADMIN_ROLES, AccountCommands
from domain.actors import Actor
from domain.errors import LoginTakenError
from domain.ids import NAMESPACE

CLI_ACTOR = Actor.system("cli")

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


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``users`` command group to the top-level CLI parser."""
    users = subparsers.add_parser("users", help="accounts: create-admin")
    commands = users.add_subparsers(title="commands", metavar="COMMAND", required=True)
    create = commands.add_parser("create-admin", help="create an administrator account")
    create.add_argument("--email", required=True)
    create.add_argument("--first-name", required=True)
    create.add_argument("--last-name", required=True)
    create.add_argument("--role", choices=sorted(ADMIN_ROLES), default="SUPER_ADMIN")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    create.set_defaults(func=_create_admin)


def _create_admin(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
    container = bootstrap.build(Settings(), read_models=[])
    try:
        user_id = container.ledger.create_staff(
            role=args.role,
            email=args.email,
            password=password,
            first_name=args.first_name,
            last_name=args.last_name,
            created_at=datetime.now(UTC),
            actor=CLI_ACTOR,
        )
    finally:
        container.close()
    print(f"{args.role} account {user_id} created; sign in with POST /auth/token")
    return 0


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
