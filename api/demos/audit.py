"""Demo chapter: the audit log signs a checkpoint, verifies the store and replays the session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from eventsourcing.utils import get_topic

from api.bootstrap import Container
from api.presenters.audit import audit_log, replay_json, replay_table, session_audit
from domain.audit.proofs import check_bundle
from domain.certification.session import CertificationSession

Say = Callable[[str], None]


def run_audit_demo(container: Container, say: Say, *, start: datetime, seed: int) -> int:
    """Sign, verify, prove one event offline and replay the demo session; 0 when all hold."""
    del start, seed  # the chapter reads what the earlier ones recorded
    log = audit_log(container)
    container.runners["audit_log"].catch_up()
    checkpoint = log.checkpointer.issue()
    if checkpoint is None:
        say("audit: the log is empty")
        return 1
    say(f"audit: checkpoint signed at size {checkpoint.size}")
    say("  " + checkpoint.note.replace("\n", "\n  ").rstrip())
    report = log.verify()
    say(f"audit verify: {'OK' if report.ok else 'FAILED'} ({report.events} events)")
    sessions = _sessions(container)
    ok = report.ok
    if sessions:
        session_id = sessions[-1]
        first = log.view.entries(0, 1)[0].entry.position
        checked = check_bundle(log.receipt(first), log.verifier_key)
        say(f"receipt checked offline: {checked.detail}")
        replay = replay_json(session_audit(container).replay(session_id))
        for line in replay_table(replay).splitlines():
            say(line)
        ok = ok and replay["ok"]
    return 0 if ok else 1


def _sessions(container: Container) -> list[UUID]:
    topic = get_topic(CertificationSession.Created)
    recorder = container.ledger.recorder
    return [
        UUID(str(n.originator_id))
        for n in recorder.select_notifications(start=1, limit=10**7, topics=[topic])
    ]
