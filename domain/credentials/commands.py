"""Share-link commands: the candidate opens and revokes links to their own certificate."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.actors import Actor
from domain.certification.course import CertificationCourse
from domain.certification.errors import CourseNotFoundError
from domain.credentials.codes import token_digest
from domain.credentials.errors import ShareLinkNotFoundError
from domain.credentials.sharing import PURPOSES, ShareLink
from domain.errors import InvalidInputError, OutOfScopeError
from domain.ledger_base import LedgerBase


class SharingCommands(LedgerBase):
    """Open and revoke share links; the token is drawn by the caller and never recorded."""

    def open_share_link(
        self,
        course_id: UUID,
        *,
        token: str,
        purpose: str,
        user_id: UUID,
        at: datetime,
        actor: Actor,
    ) -> tuple[UUID, int]:
        """Open a link for ``token`` to the user's own course; its id and notification id.

        Opening the same token again is a no-op (the attestation's link is derived, not drawn).
        """
        if purpose not in PURPOSES:
            raise InvalidInputError(f"a share link's purpose is one of {', '.join(PURPOSES)}")
        if len(token) < 22:
            raise InvalidInputError("a share token carries at least 128 random bits")
        course = self._load(course_id, CertificationCourse, CourseNotFoundError, "course")
        if course.user_id != user_id:
            raise OutOfScopeError("only the candidate may share their certificate")
        digest = token_digest(token)
        existing = self._find(ShareLink.create_id(digest), ShareLink)
        if existing is not None:
            return existing.id, 0
        link = ShareLink(
            course_id=course_id,
            user_id=user_id,
            token_digest=digest,
            purpose=purpose,
            created_at=at,
            **actor.event_fields(),
        )
        return link.id, self._save(link)

    def revoke_share_link(self, link_id: UUID, *, user_id: UUID, at: datetime, actor: Actor) -> int:
        """Revoke one of the user's links for good; the notification id."""
        link = self._find(link_id, ShareLink)
        if link is None or link.user_id != user_id or link.revoked_at is not None:
            raise ShareLinkNotFoundError("this share link does not exist or was revoked")
        link._revoke(revoked_at=at, **actor.event_fields())
        return self._save(link)
