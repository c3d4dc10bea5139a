"""Health response."""

from __future__ import annotations

from pydantic import BaseModel


class ProjectionHealth(BaseModel):
    name: str
    position: int
    lag: int


class AuditHealth(BaseModel):
    """The last verification of the store against the signed log (``null`` before the first)."""

    verified: bool | None
    verified_at: str | None = None
    signed_size: int | None = None
    first_finding: str | None = None


class HealthPublic(BaseModel):
    status: str
    backend: str
    store: str
    head: int
    content: str
    projections: list[ProjectionHealth]
    errors: list[str]
    audit: AuditHealth | None = None
