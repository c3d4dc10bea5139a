"""A certificate's content, as the employer, the candidate and the attestation show it.

Built from a delivered course: the candidate's identity (unsealed by the caller), the centre,
the date taken, the delivery date (publication), the pix score out of 895, the global mesh
level, the competence tree (areas, competences, certified levels) and the versions of the
framework and algorithm that produced it. ``validity`` says where it stands at an instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.credentials.levels import MAX_REACHABLE_SCORE, GlobalLevel, global_level
from domain.credentials.validity import Validity
from domain.framework import Framework


@dataclass(frozen=True)
class CompetenceResult:
    """One competence of the tree: ``level`` is the certified level, 0 when not certified."""

    code: str
    title_fr: str
    title_en: str
    level: int


@dataclass(frozen=True)
class AreaResult:
    """One area of the tree and its competences, in framework order."""

    code: str
    title_fr: str
    title_en: str
    competences: tuple[CompetenceResult, ...]


@dataclass(frozen=True)
class Identity:
    """The candidate as enrolled (``[erased]`` fields once their key is deleted)."""

    first_name: str
    last_name: str
    birthdate: str
    birthplace: str


@dataclass(frozen=True)
class Certificate:
    """A delivered certificate and its validity at ``validity.at``."""

    certificate_id: UUID
    identity: Identity
    centre_name: str
    taken_on: date
    delivered_at: datetime
    pix_score: int
    max_reachable_score: int
    global_level: GlobalLevel | None
    competence_tree: tuple[AreaResult, ...]
    framework_key: str
    algorithm: str
    certification_version: int
    validity: Validity
    max_reachable_level: int | None = None
    """v2 only: the level cap on the day the test was taken (``max_reachable_score`` is
    this level x 8 pix x 16 competences); v3 scores are out of 895 and have no such cap."""


def competence_tree(framework: Framework, marks: list[dict[str, Any]]) -> tuple[AreaResult, ...]:
    """Every area and competence of ``framework`` with the level of its mark (0 if none)."""
    levels = {str(m["competence_id"]): int(m["level"]) for m in marks}
    return tuple(
        AreaResult(
            area.code,
            area.title_fr,
            area.title_en,
            tuple(
                CompetenceResult(c.code, c.title_fr, c.title_en, max(0, levels.get(c.code, 0)))
                for c in area.competences
            ),
        )
        for area in framework.areas
    )


def build_certificate(
    *,
    certificate_id: UUID,
    identity: Identity,
    centre_name: str,
    taken_on: date,
    delivered_at: datetime,
    result: dict[str, Any],
    framework: Framework,
    certification_version: int,
    validity: Validity,
) -> Certificate:
    """The certificate of a delivered course from its latest (validated) result.

    ``framework`` carries the level cap of the test's day for a v2 course (the caller loads it
    with the cap its start recorded).
    """
    algorithm = result.get("algorithm") or {}
    return Certificate(
        certificate_id=certificate_id,
        identity=identity,
        centre_name=centre_name,
        taken_on=taken_on,
        delivered_at=delivered_at,
        pix_score=int(result.get("pix_score") or 0),
        # v2 scores are the sum of certified competence pix: levels reachable x 8 x 16 (§6.2).
        max_reachable_score=MAX_REACHABLE_SCORE
        if certification_version >= 3
        else framework.max_pix,
        global_level=global_level(result.get("mesh_index")),
        competence_tree=competence_tree(framework, list(result.get("competence_marks") or [])),
        framework_key=framework.key,
        algorithm=f"{algorithm.get('name', 'unknown')}@{algorithm.get('version', '?')}",
        certification_version=certification_version,
        validity=validity,
        max_reachable_level=framework.max_reachable_level if certification_version < 3 else None,
    )
