"""Organisation-side results (spec §E), computed from the view's documents at query time.

Per participant: the latest participation (earlier sendings are "improved" and left out),
its status, progress (1 once completed, else assessed / campaign skills, 3 decimals), and once
shared the snapshot: mastery rate, per-competence mastery (validated / skills of the
competence, 2 decimals), pix, certifiable. Per campaign (shared participations only):
participants by status, average mastery, success per competence and per tube (validated
skills / (skills x participants), 2 decimals).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from domain.campaigns.results import round2


@dataclass(frozen=True)
class ParticipantResult:
    """One participant's latest participation; results fields are None until shared."""

    participation_id: str
    learner_id: str
    user_id: str
    division: str
    first_name: str
    last_name: str
    external_id: str
    index: int
    status: str
    started_at: str
    shared_at: str
    progress: float
    mastery_rate: float | None
    validated_skills_count: int | None
    validated_skill_ids: tuple[str, ...]
    competence_mastery: dict[str, float] | None
    pix_score: int | None
    is_certifiable: bool | None
    competences: dict[str, dict[str, int]] | None


@dataclass(frozen=True)
class CampaignResults:
    """Collective results of a campaign (or of one division in it)."""

    campaign_id: str
    participants: int
    by_status: dict[str, int]
    shared: int
    average_mastery_rate: float | None
    competence_success: dict[str, float]
    tube_success: dict[str, float]
    certifiable: int
    average_pix: float | None


@dataclass(frozen=True)
class CertifiableLearner:
    """A learner and what their latest shared profile collection said."""

    learner_id: str
    division: str
    first_name: str
    last_name: str
    is_certifiable: bool | None
    shared_at: str
    campaign_id: str
    pix_score: int | None


def participant_results(
    campaign: dict[str, Any],
    participations: list[tuple[str, dict[str, Any]]],
    learners: dict[str, dict[str, Any]],
    *,
    division: str | None = None,
) -> list[ParticipantResult]:
    """Latest participation of each participant, by division then id (names are sealed)."""
    skills = campaign["skills"]
    by_competence = Counter(s["competence_code"] for s in skills)
    competence_of = {s["id"]: s["competence_code"] for s in skills}
    found = []
    for pid, p in participations:
        if p["improved"]:
            continue
        learner = learners.get(p["learner_id"], {})
        if division is not None and learner.get("division", "") != division:
            continue
        results = p["results"] if p["status"] == "SHARED" else None
        mastery = None
        if results is not None and campaign["type"] == "ASSESSMENT":
            validated = Counter(competence_of[s] for s in results["validated_skill_ids"])
            mastery = {c: round2(validated[c] / n) for c, n in sorted(by_competence.items())}
        assessed = sum(1 for s in p["elements"] if s in competence_of)
        progress = (
            1.0 if p["status"] != "STARTED" else round(assessed / len(skills), 3) if skills else 0.0
        )
        found.append(
            ParticipantResult(
                participation_id=pid,
                learner_id=p["learner_id"],
                user_id=p["user_id"],
                division=learner.get("division", ""),
                first_name=learner.get("first_name", ""),
                last_name=learner.get("last_name", ""),
                external_id=p["external_id"],
                index=p["index"],
                status=p["status"],
                started_at=p["started_at"],
                shared_at=p["shared_at"],
                progress=progress,
                mastery_rate=results["mastery_rate"] if results else None,
                validated_skills_count=results["validated_skills_count"] if results else None,
                validated_skill_ids=tuple(results["validated_skill_ids"]) if results else (),
                competence_mastery=mastery,
                pix_score=results["pix_score"] if results else None,
                is_certifiable=results["is_certifiable"] if results else None,
                competences=results["competences"] if results else None,
            )
        )
    return sorted(found, key=lambda r: (r.division, r.participation_id))


def campaign_results(
    campaign_id: str, campaign: dict[str, Any], rows: list[ParticipantResult]
) -> CampaignResults:
    """Collective results from the participants' latest participations."""
    by_status = Counter(r.status for r in rows)
    shared = [r for r in rows if r.status == "SHARED"]
    skills = campaign["skills"]
    per_competence: dict[str, int] = Counter(s["competence_code"] for s in skills)
    per_tube: dict[str, int] = Counter(s["tube_id"] for s in skills)
    validated_c: dict[str, int] = defaultdict(int)
    validated_t: dict[str, int] = defaultdict(int)
    tube_of = {s["id"]: s["tube_id"] for s in skills}
    competence_of = {s["id"]: s["competence_code"] for s in skills}
    masteries = [r.mastery_rate for r in shared if r.mastery_rate is not None]
    for r in shared:
        for skill in r.validated_skill_ids:
            validated_c[competence_of[skill]] += 1
            validated_t[tube_of[skill]] += 1
    n = len(shared)
    pix = [r.pix_score for r in shared if r.pix_score is not None]
    return CampaignResults(
        campaign_id=campaign_id,
        participants=len(rows),
        by_status={s: by_status.get(s, 0) for s in ("STARTED", "TO_SHARE", "SHARED")},
        shared=n,
        average_mastery_rate=round2(sum(masteries) / n) if n else None,
        competence_success={
            c: round2(validated_c[c] / (k * n)) if n else 0.0
            for c, k in sorted(per_competence.items())
        },
        tube_success={
            t: round2(validated_t[t] / (k * n)) if n else 0.0 for t, k in sorted(per_tube.items())
        },
        certifiable=sum(1 for r in shared if r.is_certifiable),
        average_pix=round2(sum(pix) / len(pix)) if pix else None,
    )


def certifiable_learners(
    learners: dict[str, dict[str, Any]],
    participations: list[tuple[str, tuple[str, dict[str, Any]]]],
    *,
    division: str | None = None,
) -> list[CertifiableLearner]:
    """Every learner (of the division) with their latest shared profile collection."""
    latest: dict[str, tuple[str, dict[str, Any]]] = {}
    for campaign_id, (_, p) in participations:
        if p["status"] != "SHARED":
            continue
        seen = latest.get(p["learner_id"])
        if seen is None or (p["shared_at"], campaign_id) > (seen[1]["shared_at"], seen[0]):
            latest[p["learner_id"]] = (campaign_id, p)
    found = []
    for learner_id, learner in learners.items():
        if division is not None and learner["division"] != division:
            continue
        campaign_id, p = latest.get(learner_id, ("", {}))
        results = p.get("results") or {}
        found.append(
            CertifiableLearner(
                learner_id=learner_id,
                division=learner["division"],
                first_name=learner["first_name"],
                last_name=learner["last_name"],
                is_certifiable=results.get("is_certifiable"),
                shared_at=p.get("shared_at", ""),
                campaign_id=campaign_id,
                pix_score=results.get("pix_score"),
            )
        )
    return sorted(found, key=lambda x: (x.division, x.learner_id))
