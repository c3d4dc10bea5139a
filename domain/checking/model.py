"""What the answer checker needs from a challenge, and what it returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "QROC_SELECT",
    "SKIP_VALUE",
    "CheckResult",
    "CheckStatus",
    "CheckableChallenge",
    "CorrectedStatus",
]

CheckStatus = Literal["ok", "ko", "partially", "unimplemented"]
CorrectedStatus = Literal[
    "ok", "ko", "aband", "timedout", "focusedOut", "partially", "unimplemented"
]
SKIP_VALUE: Final = "#ABAND#"
"""The answer value a candidate sends when pressing "skip"."""
QROC_SELECT: Final = "*"
"""Member of ``select_blocks`` marking the single block of a QROC as a drop-down list."""


@dataclass(frozen=True, slots=True)
class CheckableChallenge:
    """A challenge as the checker sees it: type, stored solution and checking options.

    ``type``: QCU, QCM, QROC, QROCM-ind or QROCM-dep (anything else is "unimplemented").
    ``solution`` in stored form: QCU ``"2"``; QCM ``"1,3"``; QROC one accepted answer per line;
    QROCM a YAML map key -> value or list of variants. ``deactivations`` switches treatments
    t1/t2/t3 off. ``format`` ``"nombre"`` makes a QROC numeric. ``select_blocks`` names the QROCM
    keys answered from a drop-down list (``"*"`` for the block of a QROC); those are compared
    without any treatment.
    """

    type: str
    solution: str
    deactivations: frozenset[str] = frozenset()
    format: str | None = None
    select_blocks: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The validator's verdict; ``details`` holds one boolean per key for QROCM-ind only."""

    status: CheckStatus
    details: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))
