"""The port through which invigilators sign in: a session checks its invigilator password.

The session aggregate comes with certification sessions (issue 6). Until a gate is wired,
``RefusingInvigilatorGate`` refuses every password. ``gate_for(ledger)`` uses the ledger itself
as soon as it has a ``check_invigilator_password`` method (a sessions mixin), so no extra
wiring is needed there.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable
from uuid import UUID


@runtime_checkable
class InvigilatorGate(Protocol):
    """Checks a session's invigilator password (lifecycle spec §1.2, §2.3)."""

    def check_invigilator_password(self, session_id: UUID, password: str) -> bool:
        """Whether ``password`` opens invigilation of ``session_id`` (False if unknown)."""
        ...


class RefusingInvigilatorGate:
    """The gate before sessions exist: no password opens any session."""

    def check_invigilator_password(self, session_id: UUID, password: str) -> bool:
        return False


def gate_for(ledger: object) -> InvigilatorGate:
    """The ledger when it can check invigilator passwords, else the refusing gate."""
    return ledger if isinstance(ledger, InvigilatorGate) else RefusingInvigilatorGate()
