"""Framework responses."""

from __future__ import annotations

from pydantic import BaseModel


class LevelPublic(BaseModel):
    level: int
    label_en: str
    label_fr: str


class CompetencePublic(BaseModel):
    code: str
    area_code: str
    title_en: str
    title_fr: str


class AreaPublic(BaseModel):
    code: str
    title_en: str
    title_fr: str
    competences: list[CompetencePublic]


class FrameworkPublic(BaseModel):
    key: str
    id: str
    version: int
    pix_per_level: int
    max_reachable_level: int
    max_pix_per_competence: int
    max_pix: int
    levels: list[LevelPublic]
    areas: list[AreaPublic]
