"""The competence framework (CRCN): areas, competences, levels, as frozen, versioned values.

Belongs here: the value objects and the loader of released framework files. Not here: learner
data, scoring, or anything that reads settings (the reachable level comes in as an argument).
"""

from __future__ import annotations

from domain.framework.loader import (
    DEFAULT_FRAMEWORK_ID,
    DEFAULT_FRAMEWORK_VERSION,
    available_versions,
    load_framework,
    parse_framework,
)
from domain.framework.model import (
    COMPETENCES_COUNT,
    MAX_LEVEL,
    PIX_PER_LEVEL,
    Area,
    Competence,
    Framework,
    Level,
)

__all__ = [
    "COMPETENCES_COUNT",
    "DEFAULT_FRAMEWORK_ID",
    "DEFAULT_FRAMEWORK_VERSION",
    "MAX_LEVEL",
    "PIX_PER_LEVEL",
    "Area",
    "Competence",
    "Framework",
    "Level",
    "available_versions",
    "load_framework",
    "parse_framework",
]
