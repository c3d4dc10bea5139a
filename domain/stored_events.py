"""Reading stored events back, with a clear error that names what could not be read.

A corrupted, truncated or forged row makes the library's mapper fail in many ways (zlib,
AES-GCM tag, JSON, unknown topic, wrong fields) and a missing one makes replay fail on the
version sequence. Callers want one answer: which stored event, and why.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.utils import TopicError

from domain.errors import StoredEventError

UNREADABLE = (
    ValueError,
    TypeError,
    KeyError,
    zlib.error,
    InvalidTag,
    TopicError,
    OriginatorVersionError,
)
"""What reading back a damaged stored event raises (ValueError covers JSON and Unicode)."""

T = TypeVar("T")


def decode(mapper: Any, notification: Any) -> Any:
    """The domain event of a notification, or ``StoredEventError`` naming its position."""
    try:
        return mapper.to_domain_event(notification)
    except UNREADABLE as e:
        raise unreadable(notification.id, e) from None


def unreadable(position: int, e: BaseException) -> StoredEventError:
    """The error for the stored event at ``position`` that failed to read with ``e``."""
    return StoredEventError(f"position {position}", _reason(e))


def guarded(where: str, read: Callable[[], T]) -> T:
    """Run ``read``; a damaged stored event becomes ``StoredEventError`` naming ``where``."""
    try:
        return read()
    except UNREADABLE as e:
        raise StoredEventError(where, _reason(e)) from None


def _reason(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
