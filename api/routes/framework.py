"""The competence framework in force."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import LedgerDep
from api.schemas.framework import AreaPublic, CompetencePublic, FrameworkPublic, LevelPublic
from domain.errors import NotFoundError

router = APIRouter(prefix="/framework", tags=["framework"])


@router.get("", response_model=FrameworkPublic)
def read_framework(ledger: LedgerDep) -> FrameworkPublic:
    """Areas, competences and levels, with the reachable maximum in force."""
    f = ledger.framework
    return FrameworkPublic(
        key=f.key,
        id=f.id,
        version=f.version,
        pix_per_level=f.pix_per_level,
        max_reachable_level=f.max_reachable_level,
        max_pix_per_competence=f.max_pix_per_competence,
        max_pix=f.max_pix,
        levels=[
            LevelPublic(level=lv.level, label_en=lv.label_en, label_fr=lv.label_fr)
            for lv in f.levels
        ],
        areas=[
            AreaPublic(
                code=a.code,
                title_en=a.title_en,
                title_fr=a.title_fr,
                competences=[CompetencePublic(**_competence(c)) for c in a.competences],
            )
            for a in f.areas
        ],
    )


@router.get("/competences/{code}", response_model=CompetencePublic)
def read_competence(code: str, ledger: LedgerDep) -> CompetencePublic:
    """One competence by code (``1.1`` to ``5.2``)."""
    try:
        return CompetencePublic(**_competence(ledger.framework.competence(code)))
    except KeyError:
        raise NotFoundError(f"no competence {code!r} in framework {ledger.framework.key}") from None


def _competence(c: object) -> dict[str, str]:
    return {k: getattr(c, k) for k in ("code", "area_code", "title_en", "title_fr")}
