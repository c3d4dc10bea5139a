"""GET /health: the store answers, and where each projection stands."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.schemas.health import AuditHealth, HealthPublic, ProjectionHealth
from domain.errors import StorageUnavailableError

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthPublic,
    responses={503: {"model": HealthPublic, "description": "The store or a view is unwell"}},
)
def read_health(container: ContainerDep, request: Request, response: Response) -> HealthPublic:
    """200 when the store answers, no projection thread has failed and every view is within
    ``CERTLEDGER_HEALTH_MAX_PROJECTION_LAG`` events of the ledger; else 503.

    With ``serve --workers N`` the views are written by another process: a lag that grows past
    the limit is how a worker sees that process stopped (it is restarted with back-off).
    """
    ledger = container.ledger
    errors = [repr(e) for e in request.app.state.projection_threads.errors]
    head, projections = 0, []
    try:
        head = ledger.recorder.max_notification_id() or 0
        for runner in container.runners.values():
            position = runner.position()
            lag = max(0, head - position)
            projections.append(ProjectionHealth(name=runner.name, position=position, lag=lag))
            if lag > container.settings.health_max_projection_lag:
                errors.append(
                    f"view {runner.name} is {lag} events behind the ledger (more than "
                    f"{container.settings.health_max_projection_lag}): is its projection "
                    "process running?"
                )
    except Exception as e:  # the store itself failed: report it rather than a bare 500
        errors.append(repr(StorageUnavailableError(str(e))))
    audit = _audit_health(container)
    if audit is not None and audit.verified is False:
        errors.append(f"audit verification failed: {audit.first_finding}")
    if container.audit is not None and container.audit.last_error:
        errors.append(f"audit verification could not run: {container.audit.last_error}")
    response.status_code = 503 if errors else 200
    return HealthPublic(
        status="unavailable" if errors else "ok",
        backend=container.settings.backend,
        store=container.settings.safe_database_url,
        head=head,
        content=f"{ledger.framework.key}+{ledger.bank.key}",
        projections=projections,
        errors=errors,
        audit=audit,
    )


def _audit_health(container: ContainerDep) -> AuditHealth | None:
    """The audit log's last verification in this process (503 when it failed)."""
    log = container.audit
    if log is None:
        return None
    report = log.last_report
    if report is None:
        return AuditHealth(verified=None)
    first = report.first
    return AuditHealth(
        verified=report.ok,
        verified_at=log.last_verified_at.isoformat() if log.last_verified_at else None,
        signed_size=report.signed_size,
        first_finding=f"{first.kind} at position {first.position}: {first.detail}"
        if first
        else None,
    )
