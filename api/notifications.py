"""Notifications: the worker that sends the outbox by SMTP, and the result download links.

At publication the jury records one notification per distinct result recipient (the outbox,
``SessionDeliberation.ResultsNotificationRequested``). ``NotificationWorker.run_once`` sends
those pending (and failed ones due for a retry) to ``CERTLEDGER_SMTP_*`` and records each
outcome as an event, so the jury sees every attempt. A notification is recorded sent once;
a crash between the SMTP server accepting it and that record sends it again (at least once),
with the same Message-ID so mail clients can tell.

The same outbox holds notices to an account's owner (``kind`` ``account``, ADR 1561): someone
tried to register with their e-mail, and the registration's reply did not say so.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from uuid import UUID

import jwt

from api.auth.keyring import keyring_from_settings
from api.settings import Settings
from domain.actors import Actor
from domain.errors import InvalidTokenError, LedgerError
from jury.application import JuryLedger
from projections.jury_queue import JuryQueueView

NOTIFIER = Actor.system("notifier")
LINK_SCOPE = "certificationResultsByRecipientEmailLink"


def _link_key(settings: Settings) -> bytes:
    keys, active = keyring_from_settings(settings)
    return hmac.new(keys[active].encode(), b"certledger/result-links/v1", hashlib.sha256).digest()


def result_link_token(
    settings: Settings, session_id: UUID, notification_id: str, expires_at: datetime
) -> str:
    """A signed token naming the session and the notification (not the e-mail), until expiry."""
    claims = {
        "scope": LINK_SCOPE,
        "sid": str(session_id),
        "nid": notification_id,
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, _link_key(settings), algorithm="HS256")


def read_result_link(settings: Settings, token: str, now: datetime) -> tuple[UUID, str]:
    """(session id, notification id) of a valid, unexpired link token."""
    try:
        claims = jwt.decode(
            token, _link_key(settings), algorithms=["HS256"], options={"verify_exp": False}
        )
        if claims.get("scope") != LINK_SCOPE:
            raise InvalidTokenError("not a result link")
        if int(claims["exp"]) <= now.timestamp():
            raise InvalidTokenError("this link has expired (links are valid thirty days)")
        return UUID(str(claims["sid"])), str(claims["nid"])
    except (jwt.PyJWTError, KeyError, ValueError):
        raise InvalidTokenError("this link is not valid") from None


@dataclass(frozen=True)
class Delivery:
    """What one pass of the worker did."""

    sent: int
    failed: int


class NotificationWorker:
    """Sends the outbox; ``run_once`` is one pass (the CLI loops it)."""

    def __init__(
        self,
        ledger: JuryLedger,
        view: JuryQueueView,
        settings: Settings,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.ledger, self.view, self.settings = ledger, view, settings
        self.clock = clock or (lambda: datetime.now(UTC))

    def due(self, now: datetime) -> list[dict[str, Any]]:
        """Pending notifications, and failed ones whose back-off has passed, up to the limit."""
        out = []
        for row in self.view.list_notifications():
            attempts = int(row.get("attempts") or 0)
            if row["status"] == "pending":
                out.append(row)
            elif row["status"] == "failed" and attempts < self.settings.notification_max_attempts:
                wait = timedelta(
                    seconds=self.settings.notification_retry_seconds * 2 ** (attempts - 1)
                )
                if datetime.fromisoformat(str(row["failed_at"])) + wait <= now:
                    out.append(row)
        return out

    def run_once(self) -> Delivery:
        """Send what is due; every outcome is recorded."""
        if not self.settings.smtp_host:
            return Delivery(0, 0)
        sent = failed = 0
        for row in self.due(self.clock()):
            outcome = (
                self._deliver_notice(row)
                if row.get("kind") == "account"
                else self._deliver_result(row)
            )
            sent += outcome == "sent"
            failed += outcome == "failed"
        return Delivery(sent, failed)

    def _deliver_result(self, row: dict[str, Any]) -> str | None:
        session_id, nid = UUID(row["session_id"]), str(row["notification_id"])
        todo = self.ledger.notification_to_send(session_id, nid)
        if todo is None:  # the view lags behind a send already recorded
            return None
        message_id = f"<{nid.replace('/', '.')}.{session_id}@certledger>"
        message = self._message(session_id, nid, todo, message_id)
        return self._send_and_record(
            message,
            sent=lambda at: self.ledger.record_notification_sent(
                session_id, nid, message_id=message_id, at=at, actor=NOTIFIER
            ),
            failed=lambda error, at: self.ledger.record_notification_failed(
                session_id, nid, error=error, at=at, actor=NOTIFIER
            ),
        )

    def _deliver_notice(self, row: dict[str, Any]) -> str | None:
        """A notice to an account's owner: someone tried to register with their address."""
        account_id, nid = UUID(row["account_id"]), str(row["notification_id"])
        todo = self.ledger.account_notice_to_send(account_id, nid)
        if todo is None:  # sent already, or the account was erased meanwhile
            return None
        message_id = f"<{nid}.{account_id}@certledger>"
        message = self._notice_message(todo["email"], message_id)
        return self._send_and_record(
            message,
            sent=lambda at: self.ledger.record_account_notice_sent(
                account_id, nid, message_id=message_id, at=at, actor=NOTIFIER
            ),
            failed=lambda error, at: self.ledger.record_account_notice_failed(
                account_id, nid, error=error, at=at, actor=NOTIFIER
            ),
        )

    def _send_and_record(
        self,
        message: EmailMessage,
        sent: Callable[[datetime], None],
        failed: Callable[[str, datetime], None],
    ) -> str:
        """Send; record the outcome. Another worker's record of the same one stands if first."""
        try:
            self._send(message)
        except (OSError, smtplib.SMTPException) as error:
            with contextlib.suppress(LedgerError):
                failed(f"{type(error).__name__}: {error}", self.clock())
            return "failed"
        with contextlib.suppress(LedgerError):
            sent(self.clock())
        return "sent"

    def _notice_message(self, email: str, message_id: str) -> EmailMessage:
        sign_in = self._link("/pages/sign-in")
        return self._email(
            email,
            "Tentative de création de compte avec votre adresse",
            message_id,
            "Bonjour,\n\nQuelqu'un a essayé de créer un compte certledger avec votre adresse "
            "e-mail, qui a déjà un compte. Rien n'a été créé.\n\n"
            f"Si c'était vous, connectez-vous avec cette adresse : {sign_in}\n"
            "Si vous avez oublié votre mot de passe, demandez sa réinitialisation au support.\n\n"
            "Si ce n'était pas vous, vous pouvez ignorer ce message.\n",
        )

    def _message(
        self, session_id: UUID, nid: str, todo: dict[str, Any], message_id: str
    ) -> EmailMessage:
        token = result_link_token(self.settings, session_id, nid, todo["link_expires_at"])
        link = self._link(f"/pages/results/{token}")
        return self._email(
            todo["email"],
            f"Résultats de certification — session du {todo['session_date']}",
            message_id,
            f"Bonjour,\n\nLes résultats de la session de certification du {todo['session_date']} "
            f"({todo['centre_name']}) sont disponibles :\n\n{link}\n\n"
            "Ce lien est valable trente jours.\n",
        )

    def _link(self, path: str) -> str:
        return f"{self.settings.public_url.rstrip('/')}{path}"

    def _email(self, to: str, subject: str, message_id: str, body: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.smtp_from
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = message_id
        message.set_content(body)
        return message

    def _send(self, message: EmailMessage) -> None:
        s = self.settings
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_username and s.smtp_password:
                smtp.login(s.smtp_username, s.smtp_password.get_secret_value())
            smtp.send_message(message)
