"""Global mesh levels of a v3 certificate and their labels, as the certificate shows them.

Mesh index 0 to 8 (``domain.scoring.meshes``); index 0 is "pre-beginner" and the certificate
shows no global level then. Labels follow the seed rule's level names (novice 1-2, independent
3-4, advanced 5-6, expert 7-8).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MAX_REACHABLE_SCORE: Final = 895
"""The v3 score's maximum: 7 meshes of 128 pix reachable, minus one (``meshes`` caps it)."""

_KEYS: Final = (
    "LEVEL_PRE_BEGINNER",
    "LEVEL_BEGINNER_1",
    "LEVEL_BEGINNER_2",
    "LEVEL_INDEPENDENT_3",
    "LEVEL_INDEPENDENT_4",
    "LEVEL_ADVANCED_5",
    "LEVEL_ADVANCED_6",
    "LEVEL_EXPERT_7",
    "LEVEL_EXPERT_8",
)
_LABELS_FR: Final = (
    "Pré-débutant",
    "Débutant 1",
    "Débutant 2",
    "Indépendant 3",
    "Indépendant 4",
    "Avancé 5",
    "Avancé 6",
    "Expert 7",
    "Expert 8",
)
_LABELS_EN: Final = (
    "Pre-beginner",
    "Novice 1",
    "Novice 2",
    "Independent 3",
    "Independent 4",
    "Advanced 5",
    "Advanced 6",
    "Expert 7",
    "Expert 8",
)


@dataclass(frozen=True)
class GlobalLevel:
    """The reached mesh: ``key`` (e.g. ``LEVEL_INDEPENDENT_3``), ``level`` 1-8, labels."""

    mesh_index: int
    key: str
    level: int
    label_fr: str
    label_en: str


def global_level(mesh_index: int | None) -> GlobalLevel | None:
    """The global level of a mesh index; None for no mesh or mesh 0 (pre-beginner)."""
    if mesh_index is None or not 0 < mesh_index < len(_KEYS):
        return None
    return GlobalLevel(
        mesh_index, _KEYS[mesh_index], mesh_index, _LABELS_FR[mesh_index], _LABELS_EN[mesh_index]
    )
