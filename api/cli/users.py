"""``certledger users ...``: bootstrap administrators.

The password is read from standard input (``--password-stdin``) or prompted for, never taken
from the command line, where it would land in shell history and process listings.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime

from api import bootstrap
from api.settings import Settings
from domain.accounts import ADMIN_ROLES
from domain.actors import Actor

CLI_ACTOR = Actor.system("cli")


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
