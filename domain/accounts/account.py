"""Account: one person or client that can act, with one role, sealed personal data and a secret.

Learners register themselves; staff (centre members, jury, administrators, auditors) and API
clients are created by an administrator. Personal fields are stored only sealed (see
``personal_data``); the secret only as a scrypt hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NewType
from uuid import UUID

from eventsourcing.domain import Aggregate, event

UserId = NewType("UserId", UUID)
"""An account's id; a learner's is the ``subject_id`` of their assessments."""

ADMIN_ROLES = frozenset({"SUPER_ADMIN", "CERTIF", "SUPPORT", "METIER"})
"""Pix Admin roles (lifecycle spec §1.4); METIER is read-only."""

CENTRE_ROLES = frozenset({"CENTER_ADMIN", "CENTER_MEMBER"})
"""A certification-centre member's role, account-wide (ADMIN or MEMBER of its centres)."""

ORGANISATION_ROLES = frozenset({"ORGA_ADMIN", "ORGA_MEMBER"})
"""An organisation member's role (Pix Orga administrator or member), account-wide (ADR 1200)."""

STAFF_ROLES = CENTRE_ROLES | ORGANISATION_ROLES | ADMIN_ROLES | {"JURY", "AUDITOR"}
"""Roles an administrator gives when creating an account."""

ACCOUNT_ROLES = STAFF_ROLES | {"LEARNER", "CANDIDATE", "API_CLIENT"}
"""Every role an account can hold (INVIGILATOR and SYSTEM are never accounts)."""


class Account(Aggregate):
    """A user or API client.

    Invariants: the role never changes; centre memberships only for centre roles; once its
    personal data is erased the account can no longer sign in and stays erased.
    """

    class Registered(Aggregate.Created):
        """An account was opened.

        ``personal`` maps field names to sealed text under key ``personal_data_key_id``;
        ``label`` names API clients (not personal).
        """

        role: str
        personal: dict[str, str]
        personal_data_key_id: UUID
        label: str
        secret_hash: str
        login_name_ids: list[UUID]
        registered_at: datetime
        actor_id: str
        actor_role: str

    class CentreMembershipGranted(Aggregate.Event):
        """The account became a member of certification centre ``centre_id``."""

        centre_id: UUID
        granted_at: datetime
        actor_id: str
        actor_role: str

    class PersonalDataErased(Aggregate.Event):
        """The person's key was deleted: sealed fields are unreadable everywhere from now on."""

        erased_at: datetime
        actor_id: str
        actor_role: str

    class RegistrationAttempted(Aggregate.Event):
        """Someone tried to open an account with this account's e-mail: its owner is told.

        The reply to the registration was neutral; notice ``notice_id`` waits in the outbox
        for the notification worker (ADR 1561). No personal data: the address is the
        account's own, unsealed when the notice is sent.
        """

        notice_id: str
        attempted_at: datetime
        actor_id: str
        actor_role: str

    class NoticeSent(Aggregate.Event):
        """The notification worker handed notice ``notice_id`` to the SMTP server."""

        notice_id: str
        message_id: str
        sent_at: datetime
        actor_id: str
        actor_role: str

    class NoticeFailed(Aggregate.Event):
        """Sending notice ``notice_id`` failed (attempt ``attempt``); the worker retries later."""

        notice_id: str
        error: str
        attempt: int
        failed_at: datetime
        actor_id: str
        actor_role: str

    # The id is chosen by the command (``id``), so login claims saved with it can point at it.
    @event(Registered)
    def __init__(
        self,
        *,
        id: UUID,
        role: str,
        personal: dict[str, str],
        personal_data_key_id: UUID,
        label: str,
        secret_hash: str,
        login_name_ids: list[UUID],
        registered_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.role = role
        self.personal = dict(personal)
        self.personal_data_key_id = personal_data_key_id
        self.label = label
        self.secret_hash = secret_hash
        self.login_name_ids = list(login_name_ids)
        self.registered_at = registered_at
        self.registered_by = actor_id
        self.centre_ids: list[UUID] = []
        self.erased_at: datetime | None = None
        self.notices: dict[str, dict[str, Any]] = {}
        """The owner's notices by id: ``status`` (pending, sent, failed) and ``attempts``."""
        self.last_attempt_noticed_at: datetime | None = None

    @property
    def can_sign_in(self) -> bool:
        """Whether the account may still authenticate (not erased)."""
        return self.erased_at is None

    @event(CentreMembershipGranted)
    def _grant_membership(
        self, centre_id: UUID, granted_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        if self.role not in CENTRE_ROLES:
            raise ValueError("only centre members join centres")
        if centre_id not in self.centre_ids:
            self.centre_ids.append(centre_id)

    @event(PersonalDataErased)
    def _erase(self, erased_at: datetime, actor_id: str, actor_role: str) -> None:
        self.erased_at = erased_at
        # The secret goes too: an erased account must never authenticate again.
        self.secret_hash = ""

    @event(RegistrationAttempted)
    def _registration_attempted(
        self, notice_id: str, attempted_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.notices[notice_id] = {"status": "pending", "attempts": 0}
        self.last_attempt_noticed_at = attempted_at

    @event(NoticeSent)
    def _notice_sent(
        self, notice_id: str, message_id: str, sent_at: datetime, actor_id: str, actor_role: str
    ) -> None:
        self.notices[notice_id] = {**self.notices[notice_id], "status": "sent"}

    @event(NoticeFailed)
    def _notice_failed(
        self,
        notice_id: str,
        error: str,
        attempt: int,
        failed_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.notices[notice_id] = {"status": "failed", "attempts": attempt}
