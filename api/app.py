"""create_app(settings): the FastAPI application; its lifespan owns the ledger and runners."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api import bootstrap
from api.credentials.no_store import install_no_store
from api.credentials.verify_endpoint import install_verification_endpoint
from api.error_responses import install_error_responses
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.pages import audit as audit_pages
from api.pages import install_pages
from api.pages import organisations as organisation_pages
from api.pages import verify as verify_page
from api.routes import (
    accounts,
    api_client_scopes,
    attestations,
    audits,
    auth,
    bank,
    campaign_participations,
    campaigns,
    certificates,
    courses,
    credentials,
    framework,
    health,
    invigilation,
    jury,
    learners,
    ledger,
    organisations,
    results,
    results_exports,
    school_records,
    scoring,
    sessions,
    statistics,
    target_profiles,
)
from api.routing import index_routes
from api.settings import Settings
from projections.runner import RunnerThread


def create_app(settings: Settings, container: bootstrap.Container | None = None) -> FastAPI:
    """Build the app; open the store on startup (or use ``container``, owned by the caller)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = container is None
        app.state.container = container or bootstrap.build(settings)
        threads = RunnerThread(
            list(app.state.container.runners.values()),
            settings.projection_poll_interval,
            settings.projection_gather_seconds,
        )
        app.state.projection_threads = threads
        if settings.run_projections_in_app:
            threads.start()
        audit = app.state.container.audit
        verifying = None
        if audit is not None and settings.audit_verify_interval and settings.run_projections_in_app:
            verifying = audit.verify_every(settings.audit_verify_interval)
        try:
            yield
        finally:
            if verifying is not None:
                verifying.set()
            threads.stop()
            if owned:
                app.state.container.close()

    app = FastAPI(
        title="certledger",
        version="0.1.0",
        summary="An event-sourced ledger for certifying digital skills.",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    install_error_handlers(app)
    install_verification_endpoint(app)  # innermost: the middlewares below wrap it
    install_no_store(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.include_router(certificates.public_router)  # the busiest route, matched first
    for module in (
        health, framework, bank, statistics, scoring, accounts, auth, learners,
        sessions, invigilation, courses, jury, results,
        certificates, credentials, attestations, results_exports,
        ledger, audits,
    ):  # fmt: skip
        app.include_router(module.router)
    for module in (  # campaigns (issue 13)
        organisations, campaigns, campaign_participations, target_profiles, school_records,
        api_client_scopes,
    ):  # fmt: skip
        app.include_router(module.router)
    app.include_router(organisation_pages.router)
    install_error_responses(app)
    install_pages(app)
    app.include_router(verify_page.router)
    app.include_router(audit_pages.router)
    index_routes(app)  # after every route: dispatch on the path's first segment
    return app


def create_worker_app() -> FastAPI:
    """The app of one ``serve --workers N`` process: settings from the environment, and never
    the projections (one separate process keeps the views up to date)."""
    settings = Settings().model_copy(update={"run_projections_in_app": False})
    return create_app(settings)


def _operation_id(route: APIRoute) -> str:
    """Handler names are the OpenAPI operation ids, so clients can rely on them."""
    return route.name
