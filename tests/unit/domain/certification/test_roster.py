"""The roster: copies of a session share it, changes never reach another copy, indexes follow."""

from __future__ import annotations

import copy
from uuid import UUID, uuid4

from domain.certification.roster import EnrolledCandidate, Roster
from domain.certification.session import CertificationSession
from tests.factories import T0, at


def session_of(size: int) -> tuple[CertificationSession, list[UUID]]:
    session = CertificationSession(
        centre_id=uuid4(), centre_name="Centre", centre_type="PRO", address="a", room="b",
        examiner="c", date="2026-12-01", time="09:00", description=None, version=3,
        access_code="ABCD12", invigilator_password="secret", created_at=T0, actor_id="staff",
        actor_role="CENTER_ADMIN",
    )  # fmt: skip
    ids = [uuid4() for _ in range(size)]
    for n, candidate_id in enumerate(ids):
        session._enrol(candidate_id, f"index-{n}", {}, {}, "CSV", T0, "staff", "CENTER_ADMIN")
    return session, ids


def test_a_deep_copy_shares_every_record_and_a_change_to_it_stays_its_own() -> None:
    original, ids = session_of(100)
    copied = copy.deepcopy(original)
    assert copied.candidates is original.candidates  # nothing copied per candidate
    copied._authorize(ids[0], "start", at(1), "invigilator", "INVIGILATOR")
    assert copied.candidates[ids[0]].authorized_at == at(1)
    assert original.candidates[ids[0]].authorized_at is None
    assert copied.candidates[ids[1]] is original.candidates[ids[1]]


def test_indexes_follow_reconciliation_entry_and_removal() -> None:
    session, ids = session_of(3)
    user, course = uuid4(), uuid4()
    session._reconcile(ids[1], user, [], at(1), "candidate", "CANDIDATE")
    session._enter(ids[1], course, False, at(2), "candidate", "CANDIDATE")
    assert session.candidate_of_user(user) == session.candidates[ids[1]]
    assert session.candidates.of_course(course) == session.candidates[ids[1]]
    assert session.candidates.course_ids() == [course]
    assert [c.candidate_id for c in session.candidates.with_identity("index-2")] == [ids[2]]
    session._remove(ids[2], at(3), "staff", "CENTER_ADMIN")
    assert not session.candidates.has_identity("index-2")
    assert [c.candidate_id for c in session.candidates.values()] == ids[:2]  # enrolment order


def test_a_roster_is_never_changed_in_place() -> None:
    empty = Roster()
    one = empty.enrolled(EnrolledCandidate(uuid4(), "i", {}, {}))
    assert (len(empty), len(one)) == (0, 1)
    assert (empty.has_identity("i"), one.has_identity("i")) == (False, True)


def test_incidents_and_the_finalisation_are_shared_by_copies_too() -> None:
    original, ids = session_of(3)
    course = uuid4()
    original._reconcile(ids[0], uuid4(), [], at(1), "candidate", "CANDIDATE")
    original._enter(ids[0], course, False, at(2), "candidate", "CANDIDATE")
    report = uuid4()
    original._add_issue_report(
        report, course, "FRAUD", None, None, None, True, at(3), "staff", "CENTER_ADMIN"
    )
    reports = [{"course_id": str(course), "abort_reason": "candidate"}]
    original._finalize(None, True, False, reports, at(4), "staff", "CENTER_ADMIN")
    copied = copy.deepcopy(original)
    assert copied.issue_reports is original.issue_reports
    assert copied.finalization is original.finalization
    copied._unfinalize("a reason", at(5), "jury", "CERTIF")
    copied._delete_issue_report(report, at(6), "staff", "CENTER_ADMIN")
    assert original.finalization is not None
    assert original.finalization["reports"] == tuple(reports)
    assert list(original.issue_reports) == [report]
    assert copied.issue_reports == {}
