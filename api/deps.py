"""FastAPI dependencies: settings, the wired container, the ledger and the views."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request

from api.bootstrap import Container
from api.settings import Settings
from domain.application import CertificationLedger
from projections.challenge_statistics import ChallengeStatisticsView


@lru_cache
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()


def get_container(request: Request) -> Container:
    """The container the app's lifespan opened."""
    container: Container = request.app.state.container
    return container


def get_ledger(container: Annotated[Container, Depends(get_container)]) -> CertificationLedger:
    """The ledger application."""
    return container.ledger


def get_challenge_statistics_view(
    container: Annotated[Container, Depends(get_container)],
) -> ChallengeStatisticsView:
    """The challenge statistics view."""
    view: ChallengeStatisticsView = container.view("challenge_statistics")
    return view


SettingsDep = Annotated[Settings, Depends(get_settings)]
ContainerDep = Annotated[Container, Depends(get_container)]
LedgerDep = Annotated[CertificationLedger, Depends(get_ledger)]
ChallengeStatisticsViewDep = Annotated[
    ChallengeStatisticsView, Depends(get_challenge_statistics_view)
]
