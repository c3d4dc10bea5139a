"""The results table a centre downloads for a session (§6.8): exact headers and labels.

One line per course: certificate number (the course id), identity, external id, status label,
pix score (``-`` when cancelled, in error or not scored, ``0`` when rejected), one level per
competence (``-`` unless validated), the jury's comment for the organisation, the session, the
centre and the date taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final

STATUS_LABELS: Final = {
    "validated": "Validée",
    "rejected": "Rejetée",
    "cancelled": "Annulée",
    "cancelled_by_jury": "Annulée",
    "error": "En erreur",
    "started": "Démarrée",
}
HEAD: Final = (
    "Numéro de certification",
    "Prénom",
    "Nom",
    "Date de naissance",
    "Lieu de naissance",
    "Identifiant Externe",
    "Statut",
    "Nombre de Pix",
)
TAIL: Final = (
    "Commentaire jury pour l’organisation",  # noqa: RUF001 (the typographic apostrophe is the label)
    "Session",
    "Centre de certification",
    "Date de passage de la certification",
)


@dataclass(frozen=True)
class ResultLine:
    """What one line is made of (identity already unsealed)."""

    certificate_number: str
    first_name: str
    last_name: str
    birthdate: str
    birthplace: str
    external_id: str | None
    result: dict[str, Any] | None
    session: str
    centre_name: str
    taken_on: date


def headers(competence_codes: list[str]) -> list[str]:
    """The header line: fixed columns, one per competence code, then the trailing columns."""
    return [*HEAD, *competence_codes, *TAIL]


def row(line: ResultLine, competence_codes: list[str]) -> list[str]:
    """One line of the table, as text."""
    result = line.result or {}
    status = str(result.get("status") or "started")
    if status == "rejected":
        score = "0"
    elif status == "validated":
        score = str(result.get("pix_score") or 0)
    else:
        score = "-"
    levels = {
        str(m["competence_id"]): int(m["level"]) for m in result.get("competence_marks") or []
    }
    competences = [
        str(levels.get(code, 0)) if status == "validated" else "-" for code in competence_codes
    ]
    return [
        line.certificate_number,
        line.first_name,
        line.last_name,
        _french_date(line.birthdate),
        line.birthplace,
        line.external_id or "",
        STATUS_LABELS.get(status, status),
        score,
        *competences,
        str(result.get("comment_for_organization") or ""),
        line.session,
        line.centre_name,
        line.taken_on.strftime("%d/%m/%Y"),
    ]


def _french_date(iso: str) -> str:
    """``2005-03-14`` as ``14/03/2005`` (other text unchanged, e.g. ``[erased]``)."""
    if len(iso) == 10 and iso[4] == "-" and iso[7] == "-":
        return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
    return iso
