"""The jury on every backend: auto-jury, decisions with reasons, history, publication, replay."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from api import bootstrap
from api.settings import Settings
from domain.actors import Actor
from domain.certification.errors import CourseNotFoundError
from domain.errors import OutOfScopeError
from jury.application import JuryLedger
from jury.case import JuryCase
from jury.errors import (
    CertificationCourseNotPublishableError,
    ChallengeNotAskedError,
    DecisionAlreadyInEffectError,
    DecisionNotAllowedError,
    IdentityCorrectionInvalidError,
    IssueReportAutomaticallyResolvedError,
    NeutralisationV2OnlyError,
    ReasonRequiredError,
    SessionAlreadyPublishedError,
    SessionNotFinalizedError,
    SessionNotPublishedError,
)
from jury.policies import POLICY_VERSION
from jury.rescoring import RescoringInputs, configuration_from, rescore
from jury.views import ResultNotPublishedError
from projections.jury_queue import JuryQueueView
from projections.runner import CatchUpRunner
from tests.contracts.course_contract import CANDIDATE, INVIGILATOR, open_ledger, sit
from tests.contracts.session_contract import CENTRE_ADMIN, SessionContract, person
from tests.contracts.v2_session_contract import V2SessionContract
from tests.factories import at
from tests.fakes import FakeProfiles

REVIEWER = Actor(id="0badcafe-0000-4000-8000-00000000000a", role="CERTIF")
ADMIN = Actor(id="0badcafe-0000-4000-8000-00000000000b", role="SUPER_ADMIN")
METIER = Actor(id="0badcafe-0000-4000-8000-00000000000c", role="METIER")


def seat(
    ledger: JuryLedger, session_id: UUID, first: str, last: str, when: float, recipient: str | None
) -> tuple[UUID, UUID]:
    """Enrol (with a result recipient if given), reconcile, authorise and enter."""
    user = uuid4()
    extra = {"result_recipient_email": recipient} if recipient else {}
    candidate = ledger.enrol_candidate(
        session_id, person(first, last, **extra), at=at(when), actor=CENTRE_ADMIN
    )
    ledger.reconcile_candidate(
        session_id, user_id=user, first_name=first, last_name=last,
        birthdate=date(2005, 3, 14), at=at(when + 1), actor=CANDIDATE,
    )  # fmt: skip
    ledger.authorize_candidate(
        session_id, candidate, purpose="start", at=at(when + 2), actor=INVIGILATOR
    )
    code = ledger.get_session(session_id).access_code
    course = ledger.enter_session(
        session_id, access_code=code, user_id=user, locale="fr-fr", at=at(when + 3),
        actor=CANDIDATE, rng=random.Random(7),
    )  # fmt: skip
    return user, course


class JuryContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def ledger(self, settings: Settings) -> Iterator[JuryLedger]:
        with open_ledger(settings, FakeProfiles().factory) as ledger:
            assert isinstance(ledger, JuryLedger)
            yield ledger

    def sat_session(
        self,
        ledger: JuryLedger,
        *,
        finalise: bool = True,
        emails: tuple[str | None, ...] = (None, None, None),
    ) -> tuple[UUID, list[UUID], list[UUID]]:
        """A session of three candidates who sat the test; (session, users, courses).

        ``emails`` are the candidates' result recipients (None: no recipient).
        """
        helper: Any = SessionContract()
        session_id = helper.new_session(ledger)
        users, courses = [], []
        people = (("Léa", "Dupont", 1.5), ("Amine", "Haddad", 0.5), ("Zoé", "Martin", 0.0))
        for n, ((first, last, theta), email) in enumerate(zip(people, emails, strict=True)):
            user, course = seat(ledger, session_id, first, last, when=10 * n, recipient=email)
            sit(ledger, course, theta=theta, seed=n + 1)
            users.append(user)
            courses.append(course)
        if finalise:
            ledger.finalize_session(
                session_id,
                examiner_global_comment=None,
                has_incident=False,
                has_joining_issue=False,
                abort_reasons={},
                at=at(4000),
                actor=CENTRE_ADMIN,
            )
        return session_id, users, courses

    def test_finalisation_runs_the_auto_jury_once_with_its_rule_and_version(
        self, ledger: JuryLedger
    ) -> None:
        session_id, _, courses = self.sat_session(ledger)
        deliberation = ledger.find_deliberation(session_id)
        assert deliberation is not None
        assert deliberation.auto_jury_done
        for course_id in courses:
            case = ledger.find_case(course_id)
            assert case is not None
            assert case.auto_jury is not None
            assert case.auto_jury["rule"] == "score"
            assert case.auto_jury["rule_version"] == POLICY_VERSION
            assert case.auto_jury["outcome"] == ledger.get_course(course_id).results[-1]["status"]
        head = ledger.recorder.max_notification_id()
        assert ledger.run_auto_jury(session_id, at=at(5000)) == []
        assert ledger.recorder.max_notification_id() == head

    def test_each_decision_records_a_new_result_with_its_actor_and_reason(
        self, ledger: JuryLedger
    ) -> None:
        # given a finalised session
        _, _, courses = self.sat_session(ledger)
        course = courses[0]
        # when the jury rejects for fraud, cancels and uncancels, each with its reason
        rejected = ledger.reject_for_fraud(
            course, reason="copied from a phone", at=at(5000), actor=REVIEWER
        )
        cancelled = ledger.cancel_certification(
            course, reason="room evacuated", at=at(5100), actor=REVIEWER
        )
        uncancelled = ledger.uncancel_certification(
            course, reason="evacuation was after the end", at=at(5200), actor=ADMIN
        )
        # then the history lists four results in order, with their actors and reasons
        history = ledger.result_history(course)
        assert [h["decision"] for h in history] == [
            "finalisation",
            "rejected_for_fraud",
            "cancelled",
            "uncancelled",
        ]
        assert [h["status"] for h in history] == [
            "validated",
            "rejected",
            "cancelled_by_jury",
            "rejected",
        ]
        assert [h["reason"] for h in history[1:]] == [
            "copied from a phone",
            "room evacuated",
            "evacuation was after the end",
        ]
        assert [h["actor_id"] for h in history[1:]] == [REVIEWER.id, REVIEWER.id, ADMIN.id]
        assert history[1]["auto_jury_comment"] == "FRAUD"
        assert history[1]["emitter"] == "PIX-ALGO-FRAUD-REJECTION"
        assert rejected.result is not None
        assert {k: v for k, v in history[1].items() if k in rejected.result} == rejected.result
        assert cancelled.result is not None
        assert history[2]["pix_score"] is None
        assert uncancelled.result is not None
        assert uncancelled.result["inputs"]["rejected_for_fraud"] is True

    def test_bad_decisions_are_refused_with_a_code_and_record_nothing(
        self, ledger: JuryLedger
    ) -> None:
        session_id, _, courses = self.sat_session(ledger, finalise=False)
        head = ledger.recorder.max_notification_id()
        with pytest.raises(SessionNotFinalizedError):
            ledger.cancel_certification(courses[0], reason="too early", at=at(4100), actor=REVIEWER)
        ledger.finalize_session(
            session_id, examiner_global_comment=None, has_incident=False, has_joining_issue=False,
            abort_reasons={}, at=at(4000), actor=CENTRE_ADMIN,
        )  # fmt: skip
        head = ledger.recorder.max_notification_id()
        refusals: list[tuple[type[Exception], Callable[[], object]]] = [
            (
                ReasonRequiredError,
                lambda: ledger.cancel_certification(
                    courses[0], reason="  ", at=at(5000), actor=REVIEWER
                ),
            ),
            (
                DecisionNotAllowedError,
                lambda: ledger.cancel_certification(
                    courses[0], reason="x", at=at(5000), actor=METIER
                ),
            ),
            (
                DecisionNotAllowedError,
                lambda: ledger.record_manual_result(
                    courses[0], {"status": "validated"}, reason="x", at=at(5000), actor=REVIEWER
                ),
            ),
            (
                CourseNotFoundError,
                lambda: ledger.cancel_certification(
                    uuid4(), reason="x", at=at(5000), actor=REVIEWER
                ),
            ),
            (
                NeutralisationV2OnlyError,
                lambda: ledger.neutralise_challenge(
                    courses[0], "rec123", reason="x", at=at(5000), actor=REVIEWER
                ),
            ),
        ]
        for error, attempt in refusals:
            with pytest.raises(error):
                attempt()
        assert ledger.recorder.max_notification_id() == head
        ledger.cancel_certification(courses[0], reason="x", at=at(5000), actor=REVIEWER)
        with pytest.raises(DecisionAlreadyInEffectError):
            ledger.cancel_certification(courses[0], reason="again", at=at(5001), actor=REVIEWER)

    def test_publication_needs_every_course_scored_without_error_then_shows_candidates_their_own(
        self, ledger: JuryLedger
    ) -> None:
        session_id, users, courses = self.sat_session(ledger)
        ledger.record_manual_result(
            courses[1],
            {"status": "error"},
            reason="score disputed by the centre",
            at=at(5000),
            actor=ADMIN,
        )
        head = ledger.recorder.max_notification_id()
        with pytest.raises(CertificationCourseNotPublishableError) as refused:
            ledger.publish_session(session_id, at=at(5100), actor=REVIEWER)
        assert refused.value.detail == (
            f"Publication de la session {session_id}: Une Certification avec le statut 'started' "
            "ou 'error' ne peut être publiée."
        )
        assert ledger.recorder.max_notification_id() == head
        with pytest.raises(ResultNotPublishedError):
            ledger.published_result(courses[0], users[0])
        ledger.record_manual_result(
            courses[1], {"status": "validated", "pix_score": 300, "emitter": "Jury"},
            reason="checked with the centre", at=at(5200), actor=ADMIN,
        )  # fmt: skip
        assert ledger.publish_session(session_id, at=at(5300), actor=REVIEWER) == tuple(courses)
        mine = ledger.published_result(courses[1], users[1])
        assert (mine["status"], mine["pix_score"]) == ("validated", 300)
        with pytest.raises(OutOfScopeError):
            ledger.published_result(courses[1], users[0])
        with pytest.raises(SessionAlreadyPublishedError):
            ledger.publish_session(session_id, at=at(5400), actor=REVIEWER)
        with pytest.raises(SessionAlreadyPublishedError):
            ledger.cancel_certification(courses[0], reason="late", at=at(5400), actor=REVIEWER)
        ledger.unpublish_session(
            session_id, reason="wrong session published", at=at(5500), actor=REVIEWER
        )
        with pytest.raises(ResultNotPublishedError):
            ledger.published_result(courses[1], users[1])
        with pytest.raises(SessionNotPublishedError):
            ledger.unpublish_session(session_id, reason="again", at=at(5600), actor=REVIEWER)

    def test_batch_publication_publishes_each_session_alone_and_collects_failures(
        self, ledger: JuryLedger
    ) -> None:
        good, _, _ = self.sat_session(ledger)
        batch = ledger.publish_sessions([good, uuid4(), good], at=at(6000), actor=REVIEWER)
        assert batch.published == (good,)
        assert [f["code"] for f in batch.failures] == [
            "session_not_found",
            "session_already_published",
        ]

    def test_replaying_gives_the_same_history_and_each_rescoring_again(
        self, settings: Settings, ledger: JuryLedger
    ) -> None:
        _, _, courses = self.sat_session(ledger)
        course = courses[2]
        ledger.reject_for_fraud(course, reason="r1", at=at(5000), actor=REVIEWER)
        ledger.unreject_for_fraud(course, reason="r2", at=at(5100), actor=REVIEWER)
        ledger.cancel_certification(course, reason="r3", at=at(5200), actor=REVIEWER)
        history = ledger.result_history(course)
        # A fresh ledger on the same store rebuilds the course and its case from their events.
        if settings.backend != "memory":
            with open_ledger(settings, FakeProfiles().factory) as again:
                assert isinstance(again, JuryLedger)
                assert again.result_history(course) == history
        replayed_course = ledger.get_course(course)
        case = ledger.find_case(course)
        assert isinstance(case, JuryCase)
        for recorded in case.results:
            inputs = RescoringInputs.from_dict(recorded["inputs"])
            computed = rescore(replayed_course, ledger.bank, inputs, configuration_from(recorded))
            assert {k: recorded[k] for k in computed} == computed

    def test_the_work_queue_counts_filters_and_rebuilds_to_the_same_rows(
        self, settings: Settings
    ) -> None:
        container = bootstrap.build(
            settings, read_models=["jury_queue"], profiles=FakeProfiles().factory
        )
        try:
            ledger = container.ledger
            assert isinstance(ledger, JuryLedger)
            runner: CatchUpRunner[JuryQueueView] = container.runners["jury_queue"]
            # given a session with an impactful incident, finalised
            session_id, _, courses = self.sat_session(ledger, finalise=False)
            report = {"category": "FRAUD"}
            report_id = ledger.add_issue_report(
                session_id, courses[0], report, at=at(3900), actor=CENTRE_ADMIN
            )
            ledger.finalize_session(
                session_id, examiner_global_comment=None, has_incident=True,
                has_joining_issue=False, abort_reasons={}, at=at(4000), actor=CENTRE_ADMIN,
            )  # fmt: skip
            runner.catch_up()
            entry = runner.view.get_entry(str(session_id))
            assert entry is not None
            counters = (
                entry.started_certifications, entry.issue_reports, entry.impactful_issue_reports,
                entry.unresolved_impactful_issue_reports, entry.scoring_errors,
            )  # fmt: skip
            assert counters == (3, 1, 1, 1, 0)
            assert (entry.status, entry.publishable) == ("finalized", False)
            # when the report is resolved, the session becomes publishable
            ledger.resolve_issue_report(
                courses[0], report_id, resolution="seen on video: no fraud", at=at(5000),
                actor=REVIEWER,
            )  # fmt: skip
            runner.catch_up()
            entry = runner.view.get_entry(str(session_id))
            assert entry is not None
            assert (entry.unresolved_impactful_issue_reports, entry.publishable) == (0, True)
            assert runner.view.list_sessions(publishable=True) == [entry]
            # when a reviewer takes it and comments it, it is in process and filtered so
            ledger.assign_session(session_id, officer_name="Julie", at=at(5100), actor=REVIEWER)
            ledger.comment_session(
                session_id, comment="call the centre", at=at(5200), actor=REVIEWER
            )
            runner.catch_up()
            [taken] = runner.view.list_sessions(status="in_process")
            assert (taken.officer_name, taken.jury_comment, taken.publishable) == (
                "Julie", "call the centre", False,
            )  # fmt: skip
            assert runner.view.list_sessions(status="finalized") == []
            assert runner.view.list_sessions(centre_id=str(uuid4())) == []
            assert runner.view.list_sessions(date_from="2026-11-23") == []
            assert runner.view.list_sessions(date_from="2026-11-22", date_to="2026-11-22") == [
                taken
            ]
            ledger.publish_session(session_id, at=at(5300), actor=REVIEWER)
            runner.catch_up()
            incremental = runner.view.list_sessions()
            assert [e.status for e in incremental] == ["processed"]
            # then rebuilding from zero gives exactly the incremental rows
            runner.rebuild()
            assert runner.view.list_sessions() == incremental
        finally:
            container.close()

    def test_v2_auto_resolution_then_the_jury_neutralises_and_may_not_redo_an_automatic_one(
        self, ledger: JuryLedger
    ) -> None:
        # given a v2 course whose second answer is wrong, and four incident reports
        v2: Any = V2SessionContract()
        session_id = v2.new_session(ledger)
        _, course_id = v2.seat(ledger, session_id, "Dupont")
        statuses = v2.answer(ledger, course_id, right=lambda n, _: n != 1)
        assert statuses[:2] == ["ok", "ko"]
        second = ledger.get_course(course_id).answers[1][0]
        reports: list[dict[str, Any]] = [
            {
                "category": "IN_CHALLENGE",
                "subcategory": "WEBSITE_UNAVAILABLE",
                "question_number": 2,
            },
            {
                "category": "IN_CHALLENGE",
                "subcategory": "SOFTWARE_NOT_WORKING",
                "question_number": 1,
            },
            {"category": "IN_CHALLENGE", "subcategory": "SKIP_ON_OOPS", "question_number": 99},
            {"category": "FRAUD"},
        ]
        ids = [
            ledger.add_issue_report(session_id, course_id, r, at=at(4900), actor=CENTRE_ADMIN)
            for r in reports
        ]
        # when the centre finalises, the auto-jury resolves the three it can, with the messages
        v2.finalize(ledger, session_id, {})
        case = ledger.find_case(course_id)
        assert case is not None
        resolved = [case.resolutions.get(i) for i in ids]
        assert [(r["resolution"], r["effect"]) if r else None for r in resolved] == [
            ("Cette question a été neutralisée automatiquement", True),
            ("Cette question n'a pas été neutralisée car la réponse est correcte", False),
            ("Aucune question ne correspond au numéro 99", False),
            None,
        ]
        history = ledger.result_history(course_id)
        assert [(h["decision"], h["emitter"]) for h in history] == [
            ("finalisation", "PIX-ALGO"),
            ("auto_jury", "PIX-ALGO-AUTO-JURY"),
        ]
        assert second in history[1]["neutralized"]
        # then a reviewer may not redo an automatic resolution, but resolves the fraud report
        with pytest.raises(IssueReportAutomaticallyResolvedError) as refused:
            ledger.resolve_issue_report(
                course_id, ids[0], resolution="no", at=at(6000), actor=REVIEWER
            )
        assert refused.value.detail == "Le signalement ne peut pas être modifié manuellement"
        ledger.resolve_issue_report(
            course_id, ids[3], resolution="no fraud seen", at=at(6000), actor=REVIEWER
        )
        # and neutralises only questions that were asked, once, and can take it back
        with pytest.raises(ChallengeNotAskedError) as unasked:
            ledger.neutralise_challenge(
                course_id, "recNEVERASKED", reason="x", at=at(6100), actor=REVIEWER
            )
        assert unasked.value.detail == (
            "La question à neutraliser n'a pas été posée lors du test de certification"
        )
        with pytest.raises(DecisionAlreadyInEffectError):
            ledger.neutralise_challenge(course_id, second, reason="x", at=at(6100), actor=REVIEWER)
        ledger.deneutralise_challenge(
            course_id, second, reason="the site was up for everyone else", at=at(6200),
            actor=REVIEWER,
        )  # fmt: skip
        latest = ledger.result_history(course_id)[-1]
        assert (latest["decision"], latest["emitter"]) == (
            "deneutralised",
            "PIX-ALGO-NEUTRALIZATION",
        )
        assert second not in latest["neutralized"]
        # and every recorded rescoring is given back by its recorded inputs
        course = ledger.get_course(course_id)
        for recorded in [*case.results, latest]:
            inputs = RescoringInputs.from_dict(recorded["inputs"])
            computed = rescore(course, ledger.bank, inputs, configuration_from(recorded))
            assert {k: recorded[k] for k in computed} == computed

    def test_identity_is_corrected_sealed_and_the_session_can_be_sent_back(
        self, ledger: JuryLedger
    ) -> None:
        session_id, _, courses = self.sat_session(ledger)
        code = ledger.get_course(courses[1]).verification_code
        with pytest.raises(IdentityCorrectionInvalidError) as blank:
            ledger.correct_candidate_identity(
                courses[1], {"first_name": "  "}, reason="typo", at=at(5000), actor=REVIEWER
            )
        assert blank.value.detail == "Candidate's first name must not be blank or empty"
        ledger.correct_candidate_identity(
            courses[1], {"last_name": "  Haddad   El Idrissi ", "sex": "m"},
            reason="name on the passport", at=at(5000), actor=REVIEWER,
        )  # fmt: skip
        view = ledger.jury_course(courses[1])
        assert (view["identity"]["last_name"], view["identity"]["sex"]) == (
            "Haddad El Idrissi",
            "M",
        )
        assert view["verification_code"] == code
        case = ledger.find_case(courses[1])
        assert case is not None
        assert "Haddad" not in str(case.identity)  # sealed, not plain text
        ledger.unfinalise_session(
            session_id, reason="the centre forgot an incident", at=at(5100), actor=REVIEWER
        )
        with pytest.raises(SessionNotFinalizedError):
            ledger.cancel_certification(courses[0], reason="x", at=at(5200), actor=REVIEWER)
