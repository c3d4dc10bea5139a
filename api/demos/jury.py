"""The jury step of ``certledger demo``: after finalisation, up to the candidates' results.

The auto-jury already reviewed every course at finalisation; this chapter prints what it
decided, has the demo's jury reviewer reject one certification for fraud with a reason,
publishes the session, and shows a candidate their published result and the rejected course's
whole result history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from api.bootstrap import Container
from api.demos.users import DEMO_PASSWORD, DEMO_USERS
from domain.actors import Actor
from jury.application import JuryLedger

Say = Callable[[str], None]
FRAUD_REASON = "the invigilator's report shows a phone used during questions 12 to 15"


def run_jury_demo(container: Container, say: Say, *, start: datetime, seed: int) -> int:
    """Deliberate on the session the certification chapter finalised; 0 when all held."""
    ledger = container.ledger
    assert isinstance(ledger, JuryLedger)
    runner = container.runners["jury_queue"]
    runner.catch_up()
    waiting = runner.view.list_sessions(status="finalized")
    if not waiting:
        say("jury: no finalised session waits for the jury")
        return 1
    entry = waiting[-1]
    say(
        f"jury queue: session {entry.session_id[:8]} of {entry.centre_name}, "
        f"{entry.started_certifications} certifications, {entry.issue_reports} incidents "
        f"({entry.unresolved_impactful_issue_reports} needing action), publishable: "
        f"{'yes' if entry.publishable else 'no'}"
    )
    session = ledger.jury_session(UUID(entry.session_id))
    for course in session["courses"]:
        case = ledger.find_case(course["course_id"])
        rule = case.auto_jury["rule"] if case and case.auto_jury else "-"
        say(
            f"  auto-jury {course['first_name']} {course['last_name']}: {course['status']} ({rule})"
        )
    login = next(email for role, email, _, _ in DEMO_USERS if role == "JURY")
    reviewer = ledger.authenticate(login, DEMO_PASSWORD)
    actor = Actor(id=str(reviewer.id), role=reviewer.role)
    when = start + timedelta(days=1)
    target = next(c for c in session["courses"] if c["status"] == "validated")
    ledger.reject_for_fraud(target["course_id"], reason=FRAUD_REASON, at=when, actor=actor)
    say(f"jury: {target['first_name']} {target['last_name']} rejected for fraud: {FRAUD_REASON}")
    for course in session["courses"]:
        if course["status"] == "error":  # a course in error would block publication (§5.3)
            say(f"  {course['last_name']} is in error: publication would be refused")
    published = ledger.publish_session(
        session["session_id"], at=when + timedelta(minutes=5), actor=actor
    )
    say(f"jury: session published ({len(published)} results)")
    history = ledger.result_history(target["course_id"])
    for n, item in enumerate(history, 1):
        say(
            f"  history {n}: {item['decision']} -> {item['status']} by {item['actor_role']} "
            f"({item['emitter']}): {item['reason']}"
        )
    other = next(c for c in session["courses"] if c["course_id"] != target["course_id"])
    user_id = ledger.get_course(other["course_id"]).user_id
    mine = ledger.published_result(other["course_id"], user_id)
    say(
        f"candidate {other['first_name']} {other['last_name']} sees: {mine['status']}, "
        f"{mine['pix_score']} pix, verification code {mine['verification_code']}"
    )
    held = len(history) == 2 and history[-1]["status"] == "rejected" and mine["status"]
    return 0 if held else 1
