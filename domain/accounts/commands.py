"""AccountCommands: open accounts, sign in, join centres, read and erase personal data.

A ``CertificationLedger`` mixin. Personal fields are sealed through the ``PersonalDataVault``
(a kernel port) before any event is built; secrets are hashed here (salt drawn in the command),
so events hold neither plaintext personal data nor passwords.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.accounts.account import ACCOUNT_ROLES, CENTRE_ROLES, STAFF_ROLES, Account, UserId
from domain.accounts.centre_roster import CentreRoster, centre_roster_id
from domain.accounts.login_name import LoginName, login_name_id
from domain.accounts.notices import AccountNotices
from domain.accounts.passwords import hash_password, verify_password
from domain.accounts.personal_data import (
    ERASED,
    check_birthdate,
    check_email,
    check_name,
    check_username,
    normalise_login,
)
from domain.actors import Actor
from domain.errors import (
    AccountNotFoundError,
    InvalidCredentialsError,
    InvalidInputError,
    InvalidPersonalDataError,
    LoginTakenError,
    WeakPasswordError,
)

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class PersonalData:
    """An account as its owner may see it, personal fields unsealed (``ERASED`` once erased)."""

    user_id: UUID
    role: str
    label: str
    fields: dict[str, str]
    centre_ids: tuple[UUID, ...]
    registered_at: datetime
    erased_at: datetime | None


class AccountCommands(AccountNotices):
    """Account commands and queries.

    The vault and ``password_log2_n`` (the scrypt cost of new hashes; old hashes keep theirs)
    are the kernel ports given to ``LedgerBase`` at construction.
    """

    _decoy_hash: str | None = None

    # -- opening accounts ------------------------------------------------------------------

    def register_learner(
        self,
        *,
        password: str,
        first_name: str,
        last_name: str,
        birthdate: date,
        registered_at: datetime,
        actor: Actor,
        email: str | None = None,
        username: str | None = None,
        birthplace: str | None = None,
    ) -> UserId:
        """Open a LEARNER account signing in with its e-mail and/or username.

        A taken e-mail or username raises ``LoginTakenError``; a taken e-mail also records a
        notice to the account that holds it (``AccountNotices``).
        """
        if email is None and username is None:
            raise InvalidPersonalDataError("email", "an e-mail or a username is required")
        fields = {
            "first_name": check_name("first_name", first_name),
            "last_name": check_name("last_name", last_name),
            "birthdate": check_birthdate(birthdate, today=registered_at.date()).isoformat(),
        }
        if email is not None:
            fields["email"] = check_email(email)
        if username is not None:
            fields["username"] = check_username(username)
        if birthplace is not None:
            fields["birthplace"] = check_name("birthplace", birthplace)
        try:
            return self._open_account("LEARNER", fields, password, registered_at, actor)
        except LoginTakenError as taken:
            # Still refused here; HTTP answers it as a new account (ADR 1561), and the
            # address's owner is told through the outbox.
            if taken.field == "email":
                account = self._account_by_login(fields["email"])
                self._notice_registration_attempt(account, registered_at, actor)
            raise

    def create_staff(
        self,
        *,
        role: str,
        email: str,
        password: str,
        first_name: str,
        last_name: str,
        created_at: datetime,
        actor: Actor,
        centre_id: UUID | None = None,
        referent: bool = False,
    ) -> UserId:
        """Open a centre member, jury, administrator or auditor account (``STAFF_ROLES``).

        Centre members need ``centre_id``; ``referent`` makes them the centre's referent.
        """
        if role not in STAFF_ROLES:
            raise InvalidInputError(f"role {role!r} is not a staff role {sorted(STAFF_ROLES)}")
        if (role in CENTRE_ROLES) != (centre_id is not None):
            raise InvalidInputError("centre members, and only they, need a centre_id")
        fields = {
            "first_name": check_name("first_name", first_name),
            "last_name": check_name("last_name", last_name),
            "email": check_email(email),
        }
        user_id = self._open_account(role, fields, password, created_at, actor)
        if centre_id is not None:
            self.grant_centre_membership(
                user_id, centre_id, referent=referent, granted_at=created_at, actor=actor
            )
        return user_id

    def create_api_client(
        self, *, label: str, created_at: datetime, actor: Actor
    ) -> tuple[UserId, str]:
        """Open an API client (client-credentials grant); return its id and its secret.

        The secret is shown once: only its hash is recorded.
        """
        label = " ".join(label.split())
        if not 1 <= len(label) <= 100:
            raise InvalidInputError("label: must be 1 to 100 characters")
        client_secret = secrets.token_urlsafe(32)
        user_id = self._open_account(
            "API_CLIENT", {}, client_secret, created_at, actor, label=label
        )
        return user_id, client_secret

    def grant_centre_membership(
        self,
        user_id: UUID,
        centre_id: UUID,
        *,
        granted_at: datetime,
        actor: Actor,
        referent: bool = False,
    ) -> None:
        """Make a centre-role account a member of ``centre_id`` (and, optionally, its referent)."""
        account = self.get_account(user_id)
        if account.role not in CENTRE_ROLES:
            raise InvalidInputError(f"a {account.role} account cannot join a centre")
        roster = self._roster(centre_id, granted_at, actor)
        if user_id not in roster.members:
            roster._add_member(user_id, account.role, granted_at, actor.id, actor.role)
        if referent and roster.referent_id != user_id:
            roster._designate_referent(user_id, granted_at, actor.id, actor.role)
        if centre_id not in account.centre_ids:
            account._grant_membership(centre_id, granted_at, actor.id, actor.role)
        self._save(account, roster)

    def get_centre_roster(self, centre_id: UUID) -> CentreRoster | None:
        """The roster of centre ``centre_id``, or ``None`` before its first member."""
        return self._find(centre_roster_id(centre_id), CentreRoster)

    # -- signing in ------------------------------------------------------------------------

    def authenticate(self, login: str, password: str) -> Account:
        """The account whose e-mail or username is ``login``, if ``password`` is its password.

        Any failure raises the same ``InvalidCredentialsError`` after the same scrypt work,
        so the answer does not tell whether the login exists.
        """
        account = self._account_by_login(login)
        return self._check_secret(account, password)

    def authenticate_client(self, client_id: UUID, client_secret: str) -> Account:
        """The API client ``client_id`` if ``client_secret`` is its secret (as ``authenticate``)."""
        account = self._find_account(client_id)
        if account is not None and account.role != "API_CLIENT":
            account = None
        return self._check_secret(account, client_secret)

    def get_account(self, user_id: UUID) -> Account:
        """The account with this id; ``AccountNotFoundError`` otherwise."""
        return self._load(user_id, Account, AccountNotFoundError, "account")

    # -- personal data ---------------------------------------------------------------------

    def read_personal_data(self, user_id: UUID) -> PersonalData:
        """The account with its personal fields unsealed (``ERASED`` after erasure)."""
        account = self.get_account(user_id)
        vault = self._vault()
        return PersonalData(
            user_id=account.id,
            role=account.role,
            label=account.label,
            fields={name: vault.unseal(sealed) for name, sealed in account.personal.items()},
            centre_ids=tuple(account.centre_ids),
            registered_at=account.registered_at,
            erased_at=account.erased_at,
        )

    def account_history(self, user_id: UUID) -> list[dict[str, Any]]:
        """Every event of the account: what happened, when, and who did it (no sealed text)."""
        self.get_account(user_id)
        return [
            {
                "event": type(e).__qualname__,
                "version": e.originator_version,
                "recorded_at": getattr(e, "timestamp", None),
                "actor_id": getattr(e, "actor_id", None),
                "actor_role": getattr(e, "actor_role", None),
            }
            for e in self.events.get(user_id)
        ]

    def erase_personal_data(self, user_id: UUID, *, erased_at: datetime, actor: Actor) -> None:
        """Right to erasure: delete the person's key, record it, and free their logins.

        The key goes first: should recording fail, the data is already unreadable and a retry
        records the erasure. Idempotent.
        """
        account = self.get_account(user_id)
        self._vault().erase(account.personal_data_key_id)
        if account.erased_at is not None:
            return
        account._erase(erased_at, actor.id, actor.role)
        logins: list[LoginName] = [self.repository.get(i) for i in account.login_name_ids]
        for login in logins:
            if login.account_id == account.id:
                login._release(erased_at, actor.id, actor.role)
        self._save(account, *logins)

    # -- internals -------------------------------------------------------------------------

    def _open_account(
        self,
        role: str,
        fields: dict[str, str],
        secret: str,
        at: datetime,
        actor: Actor,
        *,
        label: str = "",
    ) -> UserId:
        assert role in ACCOUNT_ROLES
        if not 8 <= len(secret) <= 128:
            raise WeakPasswordError("a password has 8 to 128 characters")
        vault = self._vault()
        user_id = UserId(uuid4())
        # Hashed before the logins are claimed: a taken login then costs as much time as a
        # free one, so timing does not tell which e-mails have accounts.
        secret_hash = hash_password(secret, log2_n=self.password_log2_n)
        logins = self._claim_logins(
            user_id, [fields[f] for f in ("email", "username") if f in fields], at, actor
        )
        key_id = uuid4()
        vault.create_key(key_id)
        account: Account = Account(
            id=user_id,  # chosen first, so the login claims can point at it
            role=role,
            personal={name: vault.seal(key_id, value) for name, value in fields.items()},
            personal_data_key_id=key_id,
            label=label,
            secret_hash=secret_hash,
            login_name_ids=[login.id for login in logins],
            registered_at=at,
            **actor.event_fields(),
        )
        self._save_with_new_keys([key_id], account, *logins)
        return user_id

    def _claim_logins(
        self, user_id: UUID, logins: list[str], at: datetime, actor: Actor
    ) -> list[LoginName]:
        claimed: list[LoginName] = []
        for login in logins:
            index = self._vault().blind_index(normalise_login(login))
            existing = self._find(login_name_id(index), LoginName)
            if existing is None:
                claimed.append(
                    LoginName(
                        blind_index=index, account_id=user_id, claimed_at=at, **actor.event_fields()
                    )
                )
            elif existing.account_id is None:
                existing._reclaim(user_id, at, actor.id, actor.role)
                claimed.append(existing)
            else:
                field = "email" if "@" in login else "username"
                raise LoginTakenError(f"this {field} is already registered", field)
        return claimed

    def _roster(self, centre_id: UUID, at: datetime, actor: Actor) -> CentreRoster:
        roster = self._find(centre_roster_id(centre_id), CentreRoster)
        if roster is None:
            roster = CentreRoster(centre_id=centre_id, opened_at=at, **actor.event_fields())
        return roster

    def _account_by_login(self, login: str) -> Account | None:
        if self.personal_data_vault is None:
            return None
        index = self._vault().blind_index(normalise_login(login))
        claim = self._find(login_name_id(index), LoginName)
        if claim is None or claim.account_id is None:
            return None
        return self._find_account(claim.account_id)

    def _find_account(self, user_id: UUID) -> Account | None:
        return self._find(user_id, Account)

    def _check_secret(self, account: Account | None, secret: str) -> Account:
        if account is None or not account.can_sign_in:
            if self._decoy_hash is None:
                self._decoy_hash = hash_password("decoy", log2_n=self.password_log2_n)
            verify_password(secret, self._decoy_hash)
            raise InvalidCredentialsError("wrong login or password")
        if not verify_password(secret, account.secret_hash):
            raise InvalidCredentialsError("wrong login or password")
        return account


__all__ = ["ERASED", "AccountCommands", "PersonalData"]
