"""Challenge statistics responses."""

from __future__ import annotations

from pydantic import BaseModel


class ChallengeStatisticsPublic(BaseModel):
    challenge_id: str
    served: int
    answered: int
    ok: int
    ko: int
    aband: int
    timedout: int
    focusedout: int
    partially: int
    time_spent: int
    success_rate: float | None


class ChallengeStatisticsListPublic(BaseModel):
    position: int
    items: list[ChallengeStatisticsPublic]
