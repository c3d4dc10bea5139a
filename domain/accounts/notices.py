"""Notices to an account's owner: someone tried to register with their e-mail (ADR 1561).

Registration answers an existing e-mail as it answers a new one, so it does not tell who has
an account; the owner learns of the attempt by e-mail instead. The command records the notice
on the account (the outbox); the notification worker sends it later, never the request.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.accounts.account import Account
from domain.actors import Actor
from domain.errors import AccountNotFoundError, WriteConflictError
from domain.ledger_base import LedgerBase

NOTICE_INTERVAL = timedelta(hours=24)
"""At most one notice per account in this time: repeated attempts must not flood the owner."""


class AccountNotices(LedgerBase):
    """Record a registration attempt on the account it names; hand its notice to the worker."""

    def _notice_registration_attempt(
        self, account: Account | None, at: datetime, actor: Actor
    ) -> None:
        """Record that someone tried to register with ``account``'s e-mail (outbox entry).

        Nothing for an erased account, nor within ``NOTICE_INTERVAL`` of the last notice; a
        concurrent attempt that recorded its notice first is enough for both.
        """
        if account is None or not account.can_sign_in:
            return
        last = account.last_attempt_noticed_at
        if last is not None and at - last < NOTICE_INTERVAL:
            return
        account._registration_attempted(str(uuid4()), at, actor.id, actor.role)
        with contextlib.suppress(WriteConflictError):
            self._save(account)

    def account_notice_to_send(self, account_id: UUID, notice_id: str) -> dict[str, Any] | None:
        """A notice still to send, with the owner's e-mail unsealed; None once sent or moot.

        Moot: the account was erased meanwhile (its address is gone with its key).
        """
        account = self._find(account_id, Account)
        found = account.notices.get(notice_id) if account is not None else None
        if account is None or found is None or found["status"] == "sent":
            return None
        if not account.can_sign_in or "email" not in account.personal:
            return None
        email = self._vault().unseal(account.personal["email"])
        return {**found, "kind": "registration", "email": email}

    def record_account_notice_sent(
        self, account_id: UUID, notice_id: str, *, message_id: str, at: datetime, actor: Actor
    ) -> None:
        """The worker sent it (a concurrent worker's record wins: the store refuses the second)."""
        account = self._noticed(account_id, notice_id)
        account._notice_sent(notice_id, message_id, at, actor.id, actor.role)
        self._save(account)

    def record_account_notice_failed(
        self, account_id: UUID, notice_id: str, *, error: str, at: datetime, actor: Actor
    ) -> None:
        """Sending failed; the attempt is counted and the error kept."""
        account = self._noticed(account_id, notice_id)
        attempt = int(account.notices[notice_id]["attempts"]) + 1
        account._notice_failed(notice_id, error[:500], attempt, at, actor.id, actor.role)
        self._save(account)

    def _noticed(self, account_id: UUID, notice_id: str) -> Account:
        account = self._find(account_id, Account)
        if account is None or notice_id not in account.notices:
            raise AccountNotFoundError(f"no notice {notice_id} for account {account_id}")
        return account
