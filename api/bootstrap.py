"""Composition root: build the ledger, the views and their runners from Settings."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import psycopg
from eventsourcing.persistence import InfrastructureFactory, PersistenceError
from eventsourcing.utils import Environment

from api.audit_keys import signing_key
from api.auth.services import AuthServices, build_auth
from api.settings import Backend, Settings
from api.storage.personal_data import FieldVault
from api.storage.secret_tables import open_secret_tables
from domain.application import CertificationLedger
from domain.bank import ItemBank, load_bank_file, load_default_bank
from domain.certification.ports import ProfilesFactory
from domain.errors import StorageUnavailableError
from domain.framework import Framework, load_framework
from domain.positioning.profiles import PositioningProfiles
from jury.application import JuryLedger
from projections.audit_log import (
    AuditLogProjection,
    POPOAuditLogView,
    PostgresAuditLogView,
    SQLiteAuditLogView,
)
from projections.audit_log.checkpoints import Checkpointer, CheckpointPolicy
from projections.audit_log.service import AuditLog
from projections.base import BatchView, LedgerProjection
from projections.campaign_results import (
    CampaignResultsProjection,
    POPOCampaignResultsView,
    PostgresCampaignResultsView,
    SQLiteCampaignResultsView,
)
from projections.certificates import (
    CertificatesProjection,
    POPOCertificatesView,
    PostgresCertificatesView,
    SQLiteCertificatesView,
)
from projections.challenge_statistics import (
    ChallengeStatisticsProjection,
    POPOChallengeStatisticsView,
    PostgresChallengeStatisticsView,
    SQLiteChallengeStatisticsView,
)
from projections.jury_queue import (
    JuryQueueProjection,
    POPOJuryQueueView,
    PostgresJuryQueueView,
    SQLiteJuryQueueView,
)
from projections.profiles import (
    POPOProfilesView,
    PostgresProfilesView,
    ProfilesProjection,
    SQLiteProfilesView,
)
from projections.runner import CatchUpRunner
from projections.school_records import (
    POPOSchoolRecordsView,
    PostgresSchoolRecordsView,
    SchoolRecordsProjection,
    SQLiteSchoolRecordsView,
)
from projections.session_board import (
    POPOSessionBoardView,
    PostgresSessionBoardView,
    SessionBoardProjection,
    SQLiteSessionBoardView,
)

ProjectionClass = type[LedgerProjection[Any]]

READ_MODELS: dict[str, tuple[ProjectionClass, dict[Backend, type[BatchView]]]] = {
    "challenge_statistics": (
        ChallengeStatisticsProjection,
        {
            "memory": POPOChallengeStatisticsView,
            "sqlite": SQLiteChallengeStatisticsView,
            "postgres": PostgresChallengeStatisticsView,
        },
    ),
    "profiles": (
        ProfilesProjection,
        {
            "memory": POPOProfilesView,
            "sqlite": SQLiteProfilesView,
            "postgres": PostgresProfilesView,
        },
    ),
    "certificates": (
        CertificatesProjection,
        {
            "memory": POPOCertificatesView,
            "sqlite": SQLiteCertificatesView,
            "postgres": PostgresCertificatesView,
        },
    ),
    "campaign_results": (
        CampaignResultsProjection,
        {
            "memory": POPOCampaignResultsView,
            "sqlite": SQLiteCampaignResultsView,
            "postgres": PostgresCampaignResultsView,
        },
    ),
    "school_records": (
        SchoolRecordsProjection,
        {
            "memory": POPOSchoolRecordsView,
            "sqlite": SQLiteSchoolRecordsView,
            "postgres": PostgresSchoolRecordsView,
        },
    ),
    "session_board": (
        SessionBoardProjection,
        {
            "memory": POPOSessionBoardView,
            "sqlite": SQLiteSessionBoardView,
            "postgres": PostgresSessionBoardView,
        },
    ),
    "jury_queue": (
        JuryQueueProjection,
        {
            "memory": POPOJuryQueueView,
            "sqlite": SQLiteJuryQueueView,
            "postgres": PostgresJuryQueueView,
        },
    ),
    "audit_log": (
        AuditLogProjection,
        {
            "memory": POPOAuditLogView,
            "sqlite": SQLiteAuditLogView,
            "postgres": PostgresAuditLogView,
        },
    ),
}
"""Every read model, by name: its projection and one view class per backend."""


@dataclass
class Container:
    """The wired objects of one process; ``close()`` releases every connection."""

    settings: Settings
    ledger: CertificationLedger
    runners: dict[str, CatchUpRunner[Any]] = field(default_factory=dict)
    auth: AuthServices | None = None
    audit: AuditLog | None = None
    rng: np.random.Generator = field(default_factory=np.random.default_rng)
    """One generator per process, seeded from the OS; each draw is recorded in its event."""

    def view(self, name: str) -> Any:
        """The view of the read model called ``name``."""
        return self.runners[name].view

    def close(self) -> None:
        """Close the ledger and every view's store."""
        for runner in self.runners.values():
            _close_view(runner.view)
        if self.auth is not None:
            self.auth.close()
        self.ledger.close()


def load_content(settings: Settings) -> tuple[Framework, ItemBank]:
    """The framework and bank named by the settings (the shipped ones by default)."""
    framework = load_framework(
        settings.framework_id, settings.framework_version, settings.max_reachable_level
    )
    if settings.bank_file is None:
        return framework, load_default_bank(settings.max_reachable_level)
    return framework, load_bank_file(settings.bank_file, framework)


def build(
    settings: Settings,
    *,
    read_models: list[str] | None = None,
    profiles: ProfilesFactory = PositioningProfiles,
) -> Container:
    """Open the ledger and the views (all read models unless ``read_models`` is given).

    ``profiles`` builds certification's positioning port (tests may fake certifiability).
    """
    framework, bank = load_content(settings)
    # Ports go in at construction: the kernel's (the personal-data vault, the password cost)
    # and what certification reads of positioning (built over the ledger's own store).
    tables = _open(settings, functools.partial(open_secret_tables, settings))
    vault = FieldVault(tables)
    try:
        ledger = _open(
            settings,
            lambda: JuryLedger(
                settings.ledger_env(),
                framework=framework,
                bank=bank,
                vault=vault,
                password_log2_n=settings.password_hash_log2_n,
                profiles=profiles,
            ),
        )
    except BaseException:
        tables.close()
        raise
    container = Container(settings=settings, ledger=ledger)
    try:
        container.auth = build_auth(settings, ledger, tables, vault)
        # The right-of-access export includes what certification holds about the person.
        container.auth.export_sections.append(
            lambda user_id: ("certification", ledger.certification_records(user_id))
        )
        container.auth.export_sections.append(
            lambda user_id: ("campaigns", ledger.campaign_records(user_id))
        )
        for name in read_models if read_models is not None else list(READ_MODELS):
            projection_class, views = READ_MODELS[name]
            view = _open(
                settings,
                functools.partial(_construct_view, settings, name, views[settings.backend]),
            )
            container.runners[name] = CatchUpRunner(ledger, projection_class(view=view))
        if "audit_log" in container.runners:
            container.audit = _audit_log(settings, container.runners["audit_log"])
    except BaseException:
        container.close()
        raise
    return container


def _audit_log(settings: Settings, runner: CatchUpRunner[Any]) -> AuditLog:
    """The audit log service; its runner issues checkpoints after each catch-up."""
    checkpointer = Checkpointer(
        runner.view,
        origin=settings.audit_origin,
        key=signing_key(settings),
        policy=CheckpointPolicy(
            settings.audit_checkpoint_every_events, settings.audit_checkpoint_every_seconds
        ),
    )
    runner.after_catch_up = checkpointer.maybe_issue
    return AuditLog(runner.app, runner.view, checkpointer)


def _construct_view(settings: Settings, name: str, view_class: type[BatchView]) -> BatchView:
    factory = InfrastructureFactory[Any].construct(Environment(name, settings.store_env(name)))
    return factory.tracking_recorder(view_class)  # type: ignore[no-any-return]


def _open(settings: Settings, construct: Callable[[], Any]) -> Any:
    """Run a constructor that opens the store; turn failures into one clear error."""
    if settings.backend == "sqlite":
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _schema_lock(settings):
            return construct()
    except (PersistenceError, sqlite3.Error, OSError, psycopg.OperationalError) as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise StorageUnavailableError(
            f"cannot open the store at {settings.safe_database_url}: {reason}"
        ) from None


DDL_LOCK_KEY = 0x6365_7274_6C65_6467
"""Advisory lock id ("certledg") held while a process creates or checks the store's tables."""


@contextmanager
def _schema_lock(settings: Settings) -> Iterator[None]:
    """On PostgreSQL, one process at a time runs the library's create-if-missing DDL.

    Server workers and the projection process open the same fresh database together; run at
    once, the library's ``CREATE OR REPLACE FUNCTION`` statements fail with "tuple concurrently
    updated". A session advisory lock serialises them and is released with the connection.
    """
    if settings.backend != "postgres":
        yield
        return
    env = settings.ledger_env()
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        connect_timeout=settings.postgres_connect_timeout,
        autocommit=True,
    ) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (DDL_LOCK_KEY,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (DDL_LOCK_KEY,))


def _close_view(view: BatchView) -> None:
    datastore = getattr(view, "datastore", None)
    if datastore is not None:
        datastore.close()
