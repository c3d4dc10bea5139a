"""FastAPI dependencies: settings, the wired container, the ledger and the views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated, TypeVar

import numpy as np
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from api.bootstrap import Container
from api.presenters.session_board import SessionBoards
from api.settings import Settings
from domain.application import CertificationLedger
from jury.application import JuryLedger
from projections.campaign_results import CampaignResultsView
from projections.challenge_statistics import ChallengeStatisticsView
from projections.jury_queue import JuryQueueView
from projections.profiles import ProfilesView
from projections.school_records import SchoolRecordsView

T = TypeVar("T")


@lru_cache
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()


# The cheap dependencies below are ``async def``: FastAPI runs a plain ``def`` dependency in the
# thread pool, one hop (and a GIL hand-off) per dependency per request (ADR 0701).


async def get_container(request: Request) -> Container:
    """The container the app's lifespan opened."""
    container: Container = request.app.state.container
    return container


async def get_ledger(
    container: Annotated[Container, Depends(get_container)],
) -> CertificationLedger:
    """The ledger application."""
    return container.ledger


async def get_challenge_statistics_view(
    container: Annotated[Container, Depends(get_container)],
) -> ChallengeStatisticsView:
    """The challenge statistics view."""
    view: ChallengeStatisticsView = container.view("challenge_statistics")
    return view


Clock = Callable[[], datetime]
"""Returns the current UTC instant; tests override ``get_clock`` to fix time."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


async def get_clock() -> Clock:
    """The wall clock (commands take time as an argument; handlers read it here)."""
    return _utc_now


async def get_rng(
    container: Annotated[Container, Depends(get_container)],
) -> np.random.Generator:
    """The process's generator, seeded once from the OS (ADR 1501).

    Every draw a command makes is recorded in its event (ADR 0109), so no seed needs keeping;
    numpy's generators lock around each call, so threads may share it.
    """
    return container.rng


class ShortCommand:
    """Runs a short command (one aggregate, one transaction) for an ``async`` route.

    ``inline``: on the event loop itself, no thread-pool hop (a GIL hand-off each way, about
    1 ms under load, ADR 1501); otherwise in the thread pool, as FastAPI runs a ``def`` route.
    """

    def __init__(self, inline: bool) -> None:
        """``inline`` runs the command on the calling thread."""
        self.inline = inline

    async def __call__(self, command: Callable[[], T]) -> T:
        """The command's result (or its exception)."""
        if self.inline:
            return command()
        return await run_in_threadpool(command)


INLINE, POOLED = ShortCommand(inline=True), ShortCommand(inline=False)


async def get_short_command(
    container: Annotated[Container, Depends(get_container)],
) -> ShortCommand:
    """Inline where it pays (ADR 1501), else in the thread pool.

    ``CERTLEDGER_INLINE_COMMANDS`` decides; unset, commands run inline only in a process that
    keeps no views in its own threads (a ``serve --workers N`` worker) and not on SQLite. With
    views in threads, the loop thread would compete with them for the interpreter lock one to
    eight, and they would wake for every answer; on SQLite a write may wait seconds for another
    process's file lock, and the event loop must never wait that long.
    """
    settings = container.settings
    inline = settings.inline_commands
    if inline is None:
        inline = settings.backend != "sqlite" and not settings.run_projections_in_app
    return INLINE if inline else POOLED


async def get_session_boards(
    container: Annotated[Container, Depends(get_container)],
) -> SessionBoards:
    """Session boards, brought up to date before each read (read-your-writes)."""
    return SessionBoards(
        container.ledger,
        container.runners.get("session_board"),
        catch_up_here=container.settings.run_projections_in_app,
    )


async def get_profiles_view(
    container: Annotated[Container, Depends(get_container)],
) -> ProfilesView:
    """The learner profiles view."""
    view: ProfilesView = container.view("profiles")
    return view


async def get_campaign_results_view(
    container: Annotated[Container, Depends(get_container)],
) -> CampaignResultsView:
    """The campaign results view (organisations' results)."""
    view: CampaignResultsView = container.view("campaign_results")
    return view


async def get_school_records_view(
    container: Annotated[Container, Depends(get_container)],
) -> SchoolRecordsView:
    """The school records view (pull APIs)."""
    view: SchoolRecordsView = container.view("school_records")
    return view


async def get_jury_ledger(
    container: Annotated[Container, Depends(get_container)],
) -> JuryLedger:
    """The ledger with the jury's commands (bootstrap always builds a ``JuryLedger``)."""
    assert isinstance(container.ledger, JuryLedger)
    return container.ledger


async def get_jury_queue_view(
    container: Annotated[Container, Depends(get_container)],
) -> JuryQueueView:
    """The jury's work queue view."""
    view: JuryQueueView = container.view("jury_queue")
    return view


SettingsDep = Annotated[Settings, Depends(get_settings)]
ContainerDep = Annotated[Container, Depends(get_container)]
LedgerDep = Annotated[CertificationLedger, Depends(get_ledger)]
ChallengeStatisticsViewDep = Annotated[
    ChallengeStatisticsView, Depends(get_challenge_statistics_view)
]
ClockDep = Annotated[Clock, Depends(get_clock)]
RngDep = Annotated[np.random.Generator, Depends(get_rng)]
ShortCommandDep = Annotated[ShortCommand, Depends(get_short_command)]
ProfilesViewDep = Annotated[ProfilesView, Depends(get_profiles_view)]
CampaignResultsViewDep = Annotated[CampaignResultsView, Depends(get_campaign_results_view)]
SchoolRecordsViewDep = Annotated[SchoolRecordsView, Depends(get_school_records_view)]
JuryLedgerDep = Annotated[JuryLedger, Depends(get_jury_ledger)]
JuryQueueViewDep = Annotated[JuryQueueView, Depends(get_jury_queue_view)]
SessionBoardsDep = Annotated[SessionBoards, Depends(get_session_boards)]
