"""AuditLogProjection: every stored event, undecoded, to one leaf of the log."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Notification

from domain.audit.leaf import LogEntry
from projections.audit_log.view import ENTRY, AuditLogView
from projections.base import Change, LedgerProjection


class AuditLogProjection(LedgerProjection[AuditLogView]):
    """Reads raw notifications: the leaf hashes stored bytes, so nothing is decoded or decrypted."""

    name = "audit_log"
    topics = ()
    reads_raw = True

    def changes_for_notification(self, notification: Notification, mapper: Any) -> list[Change]:
        """One entry per stored event, whatever its topic or content."""
        return [
            (
                ENTRY,
                LogEntry.of(
                    notification.id,
                    notification.originator_id,
                    notification.originator_version,
                    notification.topic,
                    notification.state,
                ),
            )
        ]

    def changes_for(self, domain_event: Any) -> list[Change]:
        """Not used: the log needs the stored notification, not the decoded event."""
        raise NotImplementedError("the audit log reads notifications (changes_for_notification)")
