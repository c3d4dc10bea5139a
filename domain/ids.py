"""Typed identifiers, and uuid5 functions for things identified by a natural key."""

from __future__ import annotations

from typing import NewType
from uuid import UUID, uuid5

AssessmentId = NewType("AssessmentId", UUID)
ContentReleaseId = NewType("ContentReleaseId", UUID)
SubjectId = NewType("SubjectId", UUID)
"""The learner or candidate an assessment is about (accounts arrive with their own issue)."""

# A fixed namespace: changing it would orphan every stored natural-key aggregate.
NAMESPACE = UUID("6f0c8a52-4a86-4c1e-9a53-2f0b3c1d7e10")


def content_release_id(framework_key: str, bank_key: str, bank_sha256: str) -> ContentReleaseId:
    """The id of the release of one framework version with one exact bank file."""
    return ContentReleaseId(uuid5(NAMESPACE, f"content/{framework_key}/{bank_key}/{bank_sha256}"))
