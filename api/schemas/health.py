"""Health response."""

from __future__ import annotations

from pydantic import BaseModel


class ProjectionHealth(BaseModel):
    name: str
    position: int
    lag: int


class HealthPublic(BaseModel):
    status: str
    backend: str
    store: str
    head: int
    content: str
    projections: list[ProjectionHealth]
    errors: list[str]
