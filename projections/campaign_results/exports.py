"""CSV exports of a campaign's results, with Pix Orga's column layout adapted (docs/campaigns.md).

One line per participant (their latest participation), sorted by last then first name once
unsealed. Every cell that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Final

from domain.framework import Framework
from projections.campaign_results.results import ParticipantResult

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
NOT_AVAILABLE: Final = "NA"
Unseal = Callable[[str], str]


def neutralise(cell: object) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write(header: Sequence[str], lines: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    for line in lines:
        writer.writerow([neutralise(c) for c in line])
    return out.getvalue()


def _day(iso: str) -> str:
    return iso[:10] if iso else NOT_AVAILABLE


def _identity(
    row: ParticipantResult, unseal: Unseal, campaign: dict[str, Any], school: bool
) -> list[object]:
    cells: list[object] = [unseal(row.last_name), unseal(row.first_name)]
    if school:
        cells.append(row.division)
    if campaign["external_id_label"]:
        cells.append(unseal(row.external_id) if row.external_id else "")
    return cells


def _sorted(rows: Sequence[ParticipantResult], unseal: Unseal) -> list[ParticipantResult]:
    return sorted(
        rows,
        key=lambda r: (unseal(r.last_name).lower(), unseal(r.first_name).lower(), r.learner_id),
    )


def _heading(organisation: dict[str, Any], campaign: dict[str, Any]) -> list[str]:
    head = ["Nom du Participant", "Prénom du Participant"]
    if organisation["type"] == "SCO":
        head.append("Classe")
    if campaign["external_id_label"]:
        head.append(campaign["external_id_label"])
    return head


def assessment_results_csv(
    *,
    organisation: dict[str, Any],
    campaign_id: str,
    campaign: dict[str, Any],
    rows: Sequence[ParticipantResult],
    framework: Framework,
    unseal: Unseal,
) -> str:
    """The assessment campaign's results, one line per participant.

    Identity, progress, sharing, mastery overall, per competence and per area of the
    campaign's skills (rates with 2 decimals; ``NA`` until shared).
    """
    skills = campaign["skills"]
    per_competence = Counter(s["competence_code"] for s in skills)
    competences = [c for c in framework.competences if c.code in per_competence]
    areas = [a for a in framework.areas if any(c.area_code == a.code for c in competences)]
    per_area = Counter(framework.competence(s["competence_code"]).area_code for s in skills)
    header = [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        "Nom du Profil Cible",
        *_heading(organisation, campaign),
        "% de progression",
        "Date de début",
        "Partage (O/N)",
        "Date du partage",
        "Numéro de l'envoi",
        "% de maîtrise de l'ensemble des acquis du profil",
    ]
    for c in competences:
        header += [
            f"% de maîtrise des acquis de la compétence {c.code} {c.title_fr}",
            f"Nombre d'acquis du profil cible dans la compétence {c.code} {c.title_fr}",
            f"Acquis maîtrisés dans la compétence {c.code} {c.title_fr}",
        ]
    for a in areas:
        header += [
            f"% de maîtrise des acquis du domaine {a.code} {a.title_fr}",
            f"Nombre d'acquis du profil cible du domaine {a.code} {a.title_fr}",
            f"Acquis maîtrisés du domaine {a.code} {a.title_fr}",
        ]
    competence_of = {s["id"]: s["competence_code"] for s in skills}
    lines = []
    for row in _sorted(rows, unseal):
        shared = row.status == "SHARED"
        line: list[object] = [
            organisation["name"],
            campaign_id,
            campaign["code"],
            campaign["name"],
            campaign["target_profile_name"],
            *_identity(row, unseal, campaign, organisation["type"] == "SCO"),
            f"{row.progress:.3f}",
            _day(row.started_at),
            "O" if shared else "N",
            _day(row.shared_at),
            row.index,
            f"{row.mastery_rate:.2f}" if shared and row.mastery_rate is not None else NOT_AVAILABLE,
        ]
        validated = Counter(competence_of[s] for s in row.validated_skill_ids)
        by_area = Counter(
            framework.competence(competence_of[s]).area_code for s in row.validated_skill_ids
        )
        for c in competences:
            total = per_competence[c.code]
            line += (
                [f"{validated[c.code] / total:.2f}", total, validated[c.code]]
                if shared
                else [NOT_AVAILABLE, total, NOT_AVAILABLE]
            )
        for a in areas:
            total = per_area[a.code]
            line += (
                [f"{by_area[a.code] / total:.2f}", total, by_area[a.code]]
                if shared
                else [NOT_AVAILABLE, total, NOT_AVAILABLE]
            )
        lines.append(line)
    return _write(header, lines)


def profiles_collection_csv(
    *,
    organisation: dict[str, Any],
    campaign_id: str,
    campaign: dict[str, Any],
    rows: Sequence[ParticipantResult],
    framework: Framework,
    unseal: Unseal,
) -> str:
    """The profiles collected, one line per participant.

    Identity, sending, pix, certifiability, and every competence's level and pix as they stood
    when shared (``NA`` until shared).
    """
    header = [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        *_heading(organisation, campaign),
        "Envoi (O/N)",
        "Date de l'envoi",
        "Nombre de pix total",
        "Certifiable (O/N)",
        "Nombre de compétences certifiables",
    ]
    for c in framework.competences:
        header += [
            f"Niveau pour la compétence {c.code} {c.title_fr}",
            f"Nombre de pix pour la compétence {c.code} {c.title_fr}",
        ]
    lines = []
    for row in _sorted(rows, unseal):
        shared = row.status == "SHARED" and row.competences is not None
        line: list[object] = [
            organisation["name"],
            campaign_id,
            campaign["code"],
            campaign["name"],
            *_identity(row, unseal, campaign, organisation["type"] == "SCO"),
            "O" if shared else "N",
            _day(row.shared_at),
        ]
        if not shared or row.competences is None:
            line += [NOT_AVAILABLE] * (3 + 2 * len(framework.competences))
        else:
            certifiable = sum(1 for v in row.competences.values() if v["level"] >= 1)
            line += [row.pix_score, "O" if row.is_certifiable else "N", certifiable]
            for c in framework.competences:
                found = row.competences.get(c.code, {"level": 0, "pix": 0})
                line += [found["level"], found["pix"]]
        lines.append(line)
    return _write(header, lines)
