"""Audit responses shared by the API, the pages and the CLI: history, proofs, replay, reports."""

from __future__ import annotations

import functools
from typing import Any
from uuid import UUID

from api.bootstrap import Container
from domain.audit.replay import Difference
from domain.audit.sessions import SessionAudit, SessionReplay
from domain.audit.verification import VerificationReport
from domain.errors import StorageUnavailableError
from jury.case import JuryCase
from jury.deliberation import SessionDeliberation
from jury.rescoring import RescoringInputs, configuration_from, rescore
from projections.audit_log.service import AuditLog


def audit_log(container: Container) -> AuditLog:
    """The container's audit log (every build has one unless read models were narrowed)."""
    if container.audit is None:
        raise StorageUnavailableError("the audit log is not open in this process")
    return container.audit


def session_audit(container: Container) -> SessionAudit:
    """A session reader over the container's ledger, with the jury's aggregate ids."""
    return SessionAudit(
        container.ledger,
        container.ledger.bank,
        jury_case_id=JuryCase.create_id,
        deliberation_id=SessionDeliberation.create_id,
        jury_rescore=functools.partial(_jury_rescore, container.ledger.bank),
    )


def _jury_rescore(bank: Any, course: Any, recorded: dict[str, Any]) -> dict[str, Any]:
    """The jury's rescoring with the inputs and configuration a recorded result carries."""
    inputs = RescoringInputs.from_dict(recorded["inputs"])
    return rescore(course, bank, inputs, configuration_from(recorded))


def _as_of(log: AuditLog, size: int | None) -> tuple[int, int]:
    """(checkpoint size, include predicate) for "the session as of checkpoint ``size``"."""
    cp = log.latest_checkpoint() if size is None else log.checkpoint(size)
    last = log.view.entries(cp.size - 1, cp.size)[0].entry.position if cp.size else 0
    return cp.size, last


def session_history(
    container: Container, session_id: UUID, *, personal: bool, as_of: int | None = None
) -> dict[str, Any]:
    """Every event of the session in log order, each with its position and inclusion proof."""
    log, audit = audit_log(container), session_audit(container)
    size, last = _as_of(log, as_of) if as_of is not None else (None, None)
    streams = audit.course_ids(session_id)
    positions: dict[tuple[UUID, int], int] = {}

    def include(originator: UUID, version: int) -> bool:
        return last is None or positions.get((originator, version), last + 1) <= last

    ids = [session_id, SessionDeliberation.create_id(session_id)]
    ids += [i for c in streams for i in (c, JuryCase.create_id(c))]
    positions.update(log.view.positions_of(ids))
    latest = log.view.latest_checkpoint()
    proof_size = size if size is not None else (latest.size if latest else 0)
    history = audit.history(session_id, personal=personal, include=include)
    found = [p for e in history if (p := positions.get((e.originator_id, e.version)))]
    proofs = log.inclusions(found, proof_size) if proof_size else {}
    events = []
    for e in history:
        position = positions.get((e.originator_id, e.version))
        events.append(
            {
                "position": position,
                "originator_id": str(e.originator_id),
                "version": e.version,
                "topic": e.topic,
                "timestamp": e.timestamp.isoformat(),
                "actor_id": e.actor_id,
                "actor_role": e.actor_role,
                "payload": e.payload,
                "inclusion_proof": proofs.get(position) if position is not None else None,
            }
        )
    events.sort(key=lambda e: (e["position"] is None, e["position"] or 0))
    return {
        "session_id": str(session_id),
        "as_of_checkpoint": size,
        "checkpoint": log.checkpoint(proof_size).note if proof_size else None,
        "verifier_key": log.verifier_key,
        "events": events,
    }


def session_replay(
    container: Container, session_id: UUID, as_of: int | None = None
) -> dict[str, Any]:
    """The replay report of a session (as of a checkpoint if asked) as JSON."""
    audit = session_audit(container)
    include = None
    if as_of is not None:
        log = audit_log(container)
        _, last = _as_of(log, as_of)
        ids = [i for c in audit.course_ids(session_id) for i in (c, JuryCase.create_id(c))]
        positions = log.view.positions_of(ids)

        def include(originator: UUID, version: int) -> bool:
            return bool(positions.get((originator, version), last + 1) <= last)

    return replay_json(audit.replay(session_id, include), as_of)


def replay_json(report: SessionReplay, as_of: int | None = None) -> dict[str, Any]:
    """A replay report as plain JSON values."""
    return {
        "session_id": str(report.session_id),
        "as_of_checkpoint": as_of,
        "ok": report.ok,
        "courses": [
            {
                "course_id": str(c.course_id),
                "certification_version": c.certification_version,
                "questions_checked": c.questions,
                "results_checked": c.results,
                "jury_results": c.jury_results,
                "human_verdicts": c.human_verdicts,
                "differences": len(c.differences),
            }
            for c in report.courses
        ],
        "differences": [_difference(d) for d in report.differences],
    }


def _difference(d: Difference) -> dict[str, Any]:
    return {
        "course_id": str(d.course_id),
        "event_version": d.version,
        "what": d.what,
        "recorded": d.recorded,
        "replayed": d.replayed,
    }


def replay_table(report: dict[str, Any]) -> str:
    """The replay report as a printed table."""
    lines = [
        f"replay of session {report['session_id']}: "
        + ("no difference" if report["ok"] else f"{len(report['differences'])} DIFFERENCES"),
        f"{'course':<38}{'version':>8}{'questions':>10}{'results':>8}{'jury':>6}{'diffs':>7}",
    ]
    for c in report["courses"]:
        lines.append(
            f"{c['course_id']:<38}{c['certification_version']:>8}{c['questions_checked']:>10}"
            f"{c['results_checked']:>8}{c['jury_results']:>6}{c['differences']:>7}"
        )
    for d in report["differences"]:
        lines.append(
            f"  {d['course_id']} event v{d['event_version']} {d['what']}: "
            f"recorded {d['recorded']!r}, replayed {d['replayed']!r}"
        )
    return "\n".join(lines)


def verification_json(report: VerificationReport) -> dict[str, Any]:
    """A verification report as plain JSON values."""
    return {
        "ok": report.ok,
        "events": report.events,
        "logged": report.logged,
        "checkpoints": report.checkpoints,
        "signed_size": report.signed_size,
        "findings": [
            {"kind": f.kind, "position": f.position, "detail": f.detail} for f in report.findings
        ],
    }


__all__ = [
    "audit_log",
    "replay_json",
    "replay_table",
    "session_audit",
    "session_history",
    "session_replay",
    "verification_json",
]
