"""Auditors on a real session: the demo session replayed, jury decisions, forgeries, erasure.

Runs the certification demo chapter on the backend, then checks through the API and the
domain what an auditor is promised (issue 12): diff zero, a forged result reported, proofs that
verify offline, erasure that keeps every proof valid, and /health failing on tampering.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from fastapi.testclient import TestClient

from api import bootstrap
from api.app import create_app
from api.demos import DEMO_START
from api.demos.certification import run_certification_demo
from api.presenters.audit import session_audit
from api.settings import Settings
from domain.actors import Actor
from domain.audit.proofs import check_bundle
from domain.certification.delivery import result_record, score_course
from domain.certification.session import CertificationSession
from jury.case import JuryCase
from tests.e2e.api_client import bearer

JURY = Actor.system("audit-test-jury")


def session_id_of(container: bootstrap.Container) -> UUID:
    topic = get_topic(CertificationSession.Created)
    found = [
        n.originator_id
        for n in container.ledger.recorder.select_notifications(start=1, limit=10**6)
        if n.topic == topic
    ]
    assert len(found) == 1
    return UUID(str(found[0]))


def _record_jury_result(
    container: bootstrap.Container,
    course_id: UUID,
    session_id: UUID,
    decision: str,
    result: dict[str, Any],
) -> None:
    ledger = container.ledger
    case_id = JuryCase.create_id(course_id)
    case: JuryCase
    try:
        case = ledger.repository.get(case_id)
    except Exception:  # the first decision opens the case
        case = JuryCase(
            course_id=course_id,
            session_id=session_id,
            opened_at=DEMO_START,
            actor_id=JURY.id,
            actor_role=JURY.role,
        )
    case._record_result(
        course_id=course_id, session_id=session_id, result=result, decision=decision,
        emitter="PIX-JURY", reason="audit test", rule_version="test-1",
        recorded_at=DEMO_START + timedelta(days=2), actor_id=JURY.id, actor_role=JURY.role,
    )  # fmt: skip
    ledger.save(case)


def _quiet(_: str) -> None:
    pass


def alter_state(state: bytes, delta: int) -> bytes:
    """The stored JSON of a ``Scored`` event with its pix score moved by ``delta``."""
    text = state.decode()
    match = re.search(r'"pix_score":\s*(\d+)', text)
    assert match is not None, text[:200]
    return (
        text[: match.start(1)] + str(int(match.group(1)) + delta) + text[match.end(1) :]
    ).encode()


def run_session_audit(settings: Settings, alter_pix_score: Callable[[UUID, int, int], int]) -> None:
    settings = settings.model_copy(
        update={"audit_checkpoint_every_events": 50, "audit_checkpoint_every_seconds": 0.0}
    )
    container = bootstrap.build(settings)
    try:
        assert run_certification_demo(container, _quiet, start=DEMO_START, seed=7) == 0
        session_id = session_id_of(container)
        audit = session_audit(container)
        course_ids = audit.course_ids(session_id)
        ledger = container.ledger

        # Jury rescorings are part of the history to replay.
        course = ledger.get_course(course_ids[0])
        fraud = result_record(score_course(course, ledger.bank, rejected_for_fraud=True))
        _record_jury_result(container, course_ids[0], session_id, "rejected_for_fraud", fraud)
        _record_jury_result(
            container,
            course_ids[1],
            session_id,
            "manual_result",
            dict(ledger.get_course(course_ids[1]).results[-1], status="validated"),
        )

        # Given the demo session and jury decisions: the replay reproduces everything.
        report = audit.replay(session_id)
        assert report.ok, report.differences
        assert sum(c.questions for c in report.courses) > 100
        assert sum(c.results for c in report.courses) == len(course_ids)
        assert sum(c.jury_results for c in report.courses) == 2

        log = container.audit
        assert log is not None
        container.runners["audit_log"].catch_up()
        log.checkpointer.issue()
        first = log.latest_checkpoint()

        with TestClient(create_app(settings, container)) as client:
            auditor = bearer(client, "AUDITOR")
            replay = client.get(f"/audit/sessions/{session_id}/replay", headers=auditor).json()
            assert replay["ok"] is True
            assert replay["differences"] == []
            history = client.get(f"/audit/sessions/{session_id}/history", headers=auditor).json()
            key = client.get("/ledger/key").text
            assert client.get("/ledger/checkpoint").text == first.note
            events = history["events"]
            assert len(events) > 100
            assert all(e["inclusion_proof"] is not None for e in events)
            for e in events[:: max(1, len(events) // 20)]:
                check_bundle(e["inclusion_proof"], key)
            enrolled = [e for e in events if e["topic"].endswith("CandidateEnrolled")]
            assert enrolled
            assert all(e["payload"]["sealed"] == "[personal data]" for e in enrolled)
            admin = client.get(
                f"/audit/sessions/{session_id}/history", headers=bearer(client, "SUPER_ADMIN")
            ).json()
            assert any(
                e["payload"].get("sealed") not in (None, "[personal data]") for e in admin["events"]
            )
            assert (
                client.get(
                    f"/audit/sessions/{session_id}/history", headers=bearer(client, "LEARNER")
                ).status_code
                == 403
            )
            unknown = client.get(
                "/audit/sessions/00000000-0000-4000-8000-000000000000/replay", headers=auditor
            )
            assert (unknown.status_code, unknown.json()["code"]) == (404, "audit_session_not_found")
            page = client.get(
                f"/pages/audit/sessions/{session_id}",
                cookies={"certledger_session": auditor["Authorization"].removeprefix("Bearer ")},
            )
            assert page.status_code == 200
            assert "no difference" in page.text
            assert "inclusion proof" in page.text

            # Erasure of a candidate keeps every stored byte, so every proof stays valid.
            user_id = ledger.get_course(course_ids[2]).user_id
            assert ledger.erase_candidate_records(user_id) >= 1
            assert log.verify().ok
            for e in events[:: max(1, len(events) // 10)]:
                check_bundle(e["inclusion_proof"], key)

            # A forged result (a jury "rescoring" whose score the rules do not give) is reported.
            forged = dict(ledger.get_course(course_ids[3]).results[-1])
            forged["pix_score"] = (forged["pix_score"] or 0) + 100
            _record_jury_result(container, course_ids[3], session_id, "rescored", forged)
            replay = client.get(f"/audit/sessions/{session_id}/replay", headers=auditor).json()
            assert replay["ok"] is False
            assert [d["what"] for d in replay["differences"]] == ["jury rescored.pix_score"]

            # An altered stored Scored event: the replay reports it, verify names its position.
            container.runners["audit_log"].catch_up()
            log.checkpointer.issue()
            target = next(
                c for c in course_ids[4:] if ledger.get_course(c).results[-1]["pix_score"]
            )
            position = alter_pix_score(target, 100, 0)
            report = audit.replay(session_id)
            assert any(
                d.what == "result.pix_score" and d.course_id == target for d in report.differences
            )
            verified = client.post("/ledger/verification", headers=auditor).json()
            assert verified["ok"] is False
            assert (verified["findings"][0]["kind"], verified["findings"][0]["position"]) == (
                "altered",
                position,
            )
            health = client.get("/health")
            assert health.status_code == 503
            assert health.json()["audit"]["verified"] is False
            # The session as of the first checkpoint still replays without the forged jury result.
            old = client.get(
                f"/audit/sessions/{session_id}/replay?checkpoint={first.size}", headers=auditor
            ).json()
            assert [d["what"] for d in old["differences"]] == ["result.pix_score"]
    finally:
        container.close()
