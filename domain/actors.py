"""Who did it: every command names its actor, and every event records the actor's id and role.

Auditors answer "who did this, when" from events alone. Automatic processes act under a
``system:<process>`` id with the ``SYSTEM`` role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

ROLES = (
    "LEARNER",
    "CANDIDATE",
    "CENTER_ADMIN",
    "CENTER_MEMBER",
    "ORGA_ADMIN",
    "ORGA_MEMBER",
    "INVIGILATOR",
    "JURY",
    "SUPER_ADMIN",
    "CERTIF",
    "SUPPORT",
    "METIER",
    "AUDITOR",
    "API_CLIENT",
    "SYSTEM",
)
"""Every role an actor can act under (administrator roles as in the lifecycle spec)."""

UNKNOWN_ROLE = "UNKNOWN"
"""Role given by upcasting to events recorded before actors were recorded."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The user (by id) or process acting, and the role it acts under."""

    id: str
    role: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if not self.id:
            raise ValueError("an actor needs an id")

    @classmethod
    def system(cls, process: str) -> Actor:
        """An automatic process, e.g. ``Actor.system("demo")``."""
        return cls(id=f"system:{process}", role="SYSTEM")

    def event_fields(self) -> dict[str, str]:
        """The fields every event records for its actor."""
        return {"actor_id": self.id, "actor_role": self.role}


class RecordsActor:
    """Mixin for events first released without actors: version 2 and the v1 upcaster.

    Each event class declares ``actor_id: str`` and ``actor_role: str`` itself (the library
    builds event dataclasses from a class's own annotations). Stored v1 state gets
    ``actor_id="unknown"`` and the ``UNKNOWN`` role on replay. Events added later declare the
    two fields without this mixin.
    """

    class_version: ClassVar[int] = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Give a v1 event (recorded before actors were) an unknown actor."""
        state.setdefault("actor_id", "unknown")
        state.setdefault("actor_role", UNKNOWN_ROLE)
