"""What every read model provides: pure changes per event, and a batch-applying view.

The view applies a batch of changes together with its tracking position in one transaction,
which makes processing exactly-once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from eventsourcing.persistence import Notification, Tracking, TrackingRecorder
from eventsourcing.projection import Projection

from domain.stored_events import decode

Change = tuple[Any, ...]
"""One row-level change a view knows how to apply; its shape is the read model's own."""

PlainReader = Callable[[dict[str, Any]], list[Change]]
"""An event's changes read from its stored state as parsed JSON: no tagged value revived
(a UUID or datetime is still ``{"_type_": ..., "_data_": ...}``), no upcasting, no event
object. A plain reader reads only JSON-native fields (str, numbers, bools) (ADR 1620)."""


class BatchView(TrackingRecorder, ABC):
    """A view that applies changes and records tracking atomically."""

    @abstractmethod
    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply ``changes`` and record ``tracking`` in one transaction (all or nothing)."""

    @abstractmethod
    def reset(self, application_name: str) -> None:
        """Delete every row and the tracking position for ``application_name``, atomically."""


TView = TypeVar("TView", bound=BatchView)


class LedgerProjection(Projection[TView], ABC, Generic[TView]):
    """A projection whose event handling is pure: ``changes_for`` returns what to apply.

    Keeping handlers pure lets the runner batch many events into one transaction, and keeps
    clocks, randomness and scoring out of the read side.

    ``plain_readers`` may give, per event class, a ``PlainReader`` returning exactly what
    ``changes_for`` returns for that event. The runner uses it for events stored at the
    class's current ``class_version`` and decodes the others in full, so an older stored
    version is still upcast first (``projections.plain_reads``, ADR 1620).
    """

    plain_readers: ClassVar[Mapping[type[Any], PlainReader]] = {}

    @abstractmethod
    def changes_for(self, domain_event: Any) -> list[Change]:
        """The view changes an event implies; [] for events the read model ignores."""

    def changes_for_notification(self, notification: Notification, mapper: Any) -> list[Change]:
        """Decode a stored event, then ``changes_for``; an unreadable one names its position."""
        return self.changes_for(decode(mapper, notification))

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Apply one event (the library's per-event path, used with subscriptions)."""
        self.view.apply(self.changes_for(domain_event), tracking)
