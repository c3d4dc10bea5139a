"""Item statistics read from the challenge_statistics projection."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.auth import authorize
from api.deps import ChallengeStatisticsViewDep, LedgerDep
from api.schemas.statistics import ChallengeStatisticsListPublic, ChallengeStatisticsPublic
from projections.challenge_statistics import ChallengeStatistics

router = APIRouter(
    prefix="/statistics", tags=["statistics"], dependencies=[Depends(authorize("statistics.read"))]
)


@router.get("/challenges", response_model=ChallengeStatisticsListPublic)
def list_challenge_statistics(
    view: ChallengeStatisticsViewDep, ledger: LedgerDep
) -> ChallengeStatisticsListPublic:
    """Every served challenge's counts, with the view's position in the ledger."""
    return ChallengeStatisticsListPublic(
        position=view.max_tracking_id(ledger.name) or 0,
        items=[_public(s) for s in view.list_statistics()],
    )


@router.get("/challenges/{challenge_id}", response_model=ChallengeStatisticsPublic)
def read_challenge_statistics(
    challenge_id: str, view: ChallengeStatisticsViewDep
) -> ChallengeStatisticsPublic:
    """One challenge's counts (zeros if never served)."""
    return _public(view.get_statistics(challenge_id))


def _public(s: ChallengeStatistics) -> ChallengeStatisticsPublic:
    return ChallengeStatisticsPublic(
        challenge_id=s.challenge_id,
        served=s.served,
        answered=s.answered,
        ok=s.ok,
        ko=s.ko,
        aband=s.aband,
        timedout=s.timedout,
        focusedout=s.focusedout,
        partially=s.partially,
        time_spent=s.time_spent,
        success_rate=s.success_rate,
    )
