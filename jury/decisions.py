"""Decision value objects and input checks shared by the reviewers' and the auto-jury's paths."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from jury.errors import (
    IdentityCorrectionInvalidError,
    ManualResultInvalidError,
    ReasonRequiredError,
)

DECIDERS = frozenset({"SUPER_ADMIN", "CERTIF", "SUPPORT", "JURY"})
"""Roles that may take jury decisions (METIER reads only, lifecycle §1.4)."""
MANUAL_RESULT_ROLES = frozenset({"SUPER_ADMIN"})
"""A manual result is SUPER_ADMIN's only (lifecycle §1.4)."""
AUTOMATIC_ROLES = frozenset({"SYSTEM"})

MAX_REASON = 2000
MAX_RESOLUTION = 255
RESULT_STATUSES = ("validated", "rejected", "error", "cancelled", "cancelled_by_jury")
MAX_PIX_SCORE = 1024


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """What a decision recorded: its name and, when it rescored, the new result."""

    course_id: UUID
    decision: str
    result: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class BatchPublication:
    """A batch publication: each session in its own transaction, failures collected."""

    batch_id: UUID
    published: tuple[UUID, ...]
    failures: tuple[dict[str, str], ...] = field(default_factory=tuple)


def required_reason(reason: str | None, *, limit: int = MAX_REASON) -> str:
    """The reason text, trimmed; a decision without one is refused."""
    text = (reason or "").strip()
    if not text:
        raise ReasonRequiredError("a reason is required for this decision")
    if len(text) > limit:
        raise ReasonRequiredError(f"the reason is {len(text)} characters; {limit} at most")
    return text


_SPACES = re.compile(r"\s+")


def corrected_identity(fields: dict[str, Any]) -> dict[str, str]:
    """§5.4: the identity fields given, checked and normalised (messages as in the spec)."""
    out: dict[str, str] = {}
    for name, label in (("first_name", "first name"), ("last_name", "last name")):
        if name in fields:
            value = _SPACES.sub(" ", str(fields[name] or "").strip())
            if not value:
                raise IdentityCorrectionInvalidError(
                    f"Candidate's {label} must not be blank or empty"
                )
            out[name] = value
    if "birthdate" in fields:
        try:
            born = date.fromisoformat(str(fields["birthdate"]))
        except ValueError:
            born = None
        if born is None or born <= date(1900, 1, 1):
            raise IdentityCorrectionInvalidError("Candidate's birthdate must be a valid date")
        out["birthdate"] = born.isoformat()
    if "sex" in fields:
        sex = str(fields["sex"] or "").strip().upper()
        if sex not in ("", "M", "F"):
            raise IdentityCorrectionInvalidError("Candidate's sex must be M or F")
        if sex:
            out["sex"] = sex
    for name in ("birth_city", "birth_country", "birth_postal_code", "birth_insee_code"):
        value = str(fields.get(name) or "").strip()
        if value:  # only replaced when non-blank (§5.4 says so of the birthplace)
            out[name] = value
    if not out:
        raise IdentityCorrectionInvalidError("no identity field to correct")
    return out


def manual_result(fields: dict[str, Any]) -> dict[str, Any]:
    """A manual result's fields, checked: status, pix score, mesh, marks, comments, emitter."""
    status = fields.get("status")
    if status not in RESULT_STATUSES:
        raise ManualResultInvalidError(f"status must be one of {', '.join(RESULT_STATUSES)}")
    pix = fields.get("pix_score")
    if pix is not None and (not isinstance(pix, int) or not 0 <= pix <= MAX_PIX_SCORE):
        raise ManualResultInvalidError(f"pix_score must be an integer from 0 to {MAX_PIX_SCORE}")
    mesh = fields.get("mesh_index")
    if mesh is not None and (not isinstance(mesh, int) or not 0 <= mesh <= 8):
        raise ManualResultInvalidError("mesh_index must be an integer from 0 to 8")
    marks = fields.get("competence_marks") or []
    if not isinstance(marks, list) or not all(
        isinstance(m, dict) and {"competence_id", "level"} <= set(m) for m in marks
    ):
        raise ManualResultInvalidError("competence_marks must list {competence_id, level, score}")
    return {
        "status": status,
        "pix_score": pix,
        "mesh_index": mesh,
        "capacity": None,
        "degraded": None,
        "competence_marks": [dict(m) for m in marks],
        "auto_jury_comment": None,
        "comment_for_candidate": (fields.get("comment_for_candidate") or None),
        "comment_for_organization": (fields.get("comment_for_organization") or None),
        "algorithm": {"name": "manual", "version": 1},
        "error": None,
    }
