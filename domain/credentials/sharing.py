"""ShareLink: a candidate's revocable link to their certificate's public page.

The token (128 random bits, drawn by the command) is given to the candidate once and never
recorded: events hold only its digest, and the aggregate's id derives from that digest, so a
token finds its link without any list. ``purpose`` is ``share`` (made by the candidate) or
``attestation`` (the link printed as a QR code on the attestation PDF).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.ids import NAMESPACE

PURPOSES = ("share", "attestation")


class ShareLink(Aggregate):
    """One share link of one course's certificate; revoked for good once revoked."""

    class Created(Aggregate.Created):
        """The candidate (or the attestation) opened a link to the certificate."""

        course_id: UUID
        user_id: UUID
        token_digest: str
        purpose: str
        created_at: datetime
        actor_id: str
        actor_role: str

    class Revoked(Aggregate.Event):
        """The candidate revoked the link: the token opens nothing any more."""

        revoked_at: datetime
        actor_id: str
        actor_role: str

    @staticmethod
    def create_id(token_digest: str) -> UUID:
        """Natural key: the token's digest."""
        return uuid5(NAMESPACE, f"share-link/{token_digest}")

    @event(Created)
    def __init__(
        self,
        *,
        course_id: UUID,
        user_id: UUID,
        token_digest: str,
        purpose: str,
        created_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.course_id = course_id
        self.user_id = user_id
        self.purpose = purpose
        self.created_at = created_at
        self.revoked_at: datetime | None = None

    @event(Revoked)
    def _revoke(self, *, revoked_at: datetime, actor_id: str, actor_role: str) -> None:
        if self.revoked_at is not None:
            raise ValueError("already revoked")
        self.revoked_at = revoked_at
