"""The item bank's public data: tubes, skills, tutorials and challenges without solutions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import LedgerDep
from api.presenters.challenges import challenge_public
from api.schemas.bank import (
    BankPublic,
    ChallengePublic,
    ChallengesPublic,
    CompetenceCoverage,
    SkillPublic,
    TubePublic,
    TutorialPublic,
)
from domain.errors import ChallengeNotFoundError, NotFoundError

router = APIRouter(prefix="/bank", tags=["bank"])


@router.get("", response_model=BankPublic)
def read_bank(ledger: LedgerDep) -> BankPublic:
    """The bank in force, its hash and its coverage per competence."""
    bank = ledger.bank
    coverage = [
        CompetenceCoverage(
            competence_code=c.code,
            tubes=sum(1 for t in bank.tubes if t.competence_code == c.code),
            skills=sum(1 for s in bank.skills if s.competence_code == c.code),
            servable_challenges=len(bank.servable_challenges(c.code)),
        )
        for c in ledger.framework.competences
    ]
    return BankPublic(
        key=bank.key,
        framework_key=bank.framework_key,
        sha256=bank.sha256,
        tubes=len(bank.tubes),
        skills=len(bank.skills),
        challenges=len(bank.challenges),
        coverage=coverage,
    )


@router.get("/competences/{code}/tubes", response_model=list[TubePublic])
def list_tubes(code: str, ledger: LedgerDep) -> list[TubePublic]:
    """Tubes of one competence, with their skills and tutorials."""
    bank = ledger.bank
    tubes = [t for t in bank.tubes if t.competence_code == code]
    if not tubes:
        raise NotFoundError(f"no tubes for competence {code!r} in bank {bank.key}")
    return [
        TubePublic(
            id=t.id,
            name=t.name,
            title=t.title,
            competence_code=t.competence_code,
            skills=[
                SkillPublic(
                    id=s.id,
                    name=s.name,
                    difficulty=s.difficulty,
                    pix_value=s.pix_value,
                    tutorials=[
                        TutorialPublic(id=x.id, title=x.title, url=x.url, kind=x.kind)
                        for x in s.tutorials
                    ],
                )
                for s in (bank.skill(sid) for sid in t.skill_ids)
            ],
        )
        for t in tubes
    ]


@router.get("/challenges", response_model=ChallengesPublic)
def list_challenges(
    ledger: LedgerDep,
    competence: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> ChallengesPublic:
    """Servable challenges, optionally of one competence, sorted by id, paginated."""
    found = ledger.bank.servable_challenges(competence)
    return ChallengesPublic(
        total=len(found),
        offset=offset,
        items=[challenge_public(c) for c in found[offset : offset + limit]],
    )


@router.get("/challenges/{challenge_id}", response_model=ChallengePublic)
def read_challenge(challenge_id: str, ledger: LedgerDep) -> ChallengePublic:
    """One challenge's public data."""
    try:
        return challenge_public(ledger.bank.challenge(challenge_id))
    except KeyError:
        raise ChallengeNotFoundError(
            f"no challenge {challenge_id!r} in bank {ledger.bank.key}"
        ) from None
