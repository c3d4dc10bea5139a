"""Sessions on every backend: creation, enrolment, entry, incidents and finalisation."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import numpy as np
import pytest

from api.settings import Settings
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.certification.codes import ACCESS_CODE_PATTERN
from domain.certification.errors import (
    AbortReasonOnCompletedCourseError,
    AccessCodeIncorrectError,
    CandidateImportError,
    CandidateInvalidError,
    CandidateLinkedError,
    CandidateNotAuthorizedToJoinError,
    CandidateNotAuthorizedToResumeError,
    CandidateNotFoundByIdentityError,
    DuplicateCandidateError,
    EnrolmentClosedError,
    NotCertifiableError,
    RetakeTooSoonError,
    SessionAlreadyFinalizedError,
    SessionAlreadyStartedError,
    SessionDetailsInvalidError,
    SessionNotAccessibleError,
    SessionWithMissingAbortReasonError,
    SessionWithoutStartedCertificationError,
    UnexpectedUserAccountError,
)
from domain.certification.status import SessionStatus
from domain.errors import DeprecatedIssueReportCategoryError
from tests.contracts.course_contract import CANDIDATE, INVIGILATOR, open_ledger, sit
from tests.factories import T0, at
from tests.fakes import FakeProfiles

CENTRE_ADMIN = Actor(id="c0ffee00-0000-4000-8000-0000000000aa", role="CENTER_ADMIN")
DETAILS = {
    "address": "Lycée Victor Hugo",
    "room": "B12",
    "examiner": "M. Martin",
    "date": "2026-11-22",
    "time": "09:00",
}


def person(first: str, last: str, birthdate: str = "2005-03-14", **extra: Any) -> dict[str, Any]:
    return {
        "first_name": first,
        "last_name": last,
        "sex": "F",
        "birthdate": birthdate,
        "birth_country": "FRANCE",
        "birth_insee_code": "75056",
        "billing_mode": "FREE",
        **extra,
    }


class SessionContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def profiles(self) -> FakeProfiles:
        return FakeProfiles()

    @pytest.fixture
    def ledger(self, settings: Settings, profiles: FakeProfiles) -> Iterator[CertificationLedger]:
        # Certifiability comes from positioning through a port given at construction; faked
        # here to test the session rules alone.
        with open_ledger(settings, profiles.factory) as ledger:
            yield ledger

    def new_session(
        self, ledger: CertificationLedger, seed: int = 1, centre_type: str = "PRO"
    ) -> UUID:
        centre = ledger.register_centre(
            name="Centre Pix Lyon",
            centre_type=centre_type,
            external_id=None,
            at=T0,
            actor=CENTRE_ADMIN,
        )
        return ledger.create_session(
            centre_id=centre, details=DETAILS, at=T0, actor=CENTRE_ADMIN, rng=random.Random(seed)
        )

    def seat(
        self,
        ledger: CertificationLedger,
        session_id: UUID,
        first: str,
        last: str,
        when: float = 0,
        user: UUID | None = None,
    ) -> tuple[UUID, UUID]:
        """Enrol, reconcile, authorise and enter: returns (user id, course id)."""
        user = user or uuid4()
        candidate = ledger.enrol_candidate(
            session_id, person(first, last), at=at(when), actor=CENTRE_ADMIN
        )
        ledger.reconcile_candidate(
            session_id,
            user_id=user,
            first_name=first.upper(),
            last_name=f" {last} ",
            birthdate=date(2005, 3, 14),
            at=at(when + 1),
            actor=CANDIDATE,
        )
        ledger.authorize_candidate(
            session_id, candidate, purpose="start", at=at(when + 2), actor=INVIGILATOR
        )
        code = ledger.get_session(session_id).access_code
        course = ledger.enter_session(
            session_id,
            access_code=code.lower(),
            user_id=user,
            locale="fr-fr",
            at=at(when + 3),
            actor=CANDIDATE,
            rng=random.Random(7),
        )
        return user, course

    def test_a_new_session_has_a_valid_access_code_and_is_created(
        self, ledger: CertificationLedger
    ) -> None:
        session = ledger.get_session(self.new_session(ledger))
        assert ACCESS_CODE_PATTERN.fullmatch(session.access_code)
        assert len(session.invigilator_password) == 6
        assert session.status == SessionStatus.CREATED
        assert (session.centre_name, session.details["room"]) == ("Centre Pix Lyon", "B12")

    def test_session_details_are_validated_with_the_spec_messages(
        self, ledger: CertificationLedger
    ) -> None:
        centre = ledger.register_centre(
            name="C", centre_type="SUP", external_id=None, at=T0, actor=CENTRE_ADMIN
        )
        bad = {**DETAILS, "room": " ", "time": "25:00"}
        with pytest.raises(
            SessionDetailsInvalidError,
            match=re.escape(
                "Veuillez indiquer un nom de salle. Veuillez indiquer une heure de début valide."
            ),
        ):
            ledger.create_session(
                centre_id=centre, details=bad, at=T0, actor=CENTRE_ADMIN, rng=random.Random(1)
            )

    def test_enrolment_reports_every_bad_field_refuses_duplicates_and_keeps_identity_sealed(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        with pytest.raises(CandidateInvalidError) as caught:
            ledger.enrol_candidate(session_id, {"first_name": "Léa"}, at=T0, actor=CENTRE_ADMIN)
        assert [p["code"] for p in caught.value.problems][:2] == [
            "CANDIDATE_LAST_NAME_REQUIRED",
            "CANDIDATE_SEX_REQUIRED",
        ]
        candidate = ledger.enrol_candidate(
            session_id, person("Léa", "Dupont"), at=T0, actor=CENTRE_ADMIN
        )
        with pytest.raises(DuplicateCandidateError):
            ledger.enrol_candidate(session_id, person("LEA", "dupont"), at=T0, actor=CENTRE_ADMIN)
        enrolled = ledger.get_session(session_id).candidates[candidate]
        assert "Dupont" not in str(enrolled.sealed)
        assert ledger.read_candidate(session_id, candidate)["last_name"] == "Dupont"

    def test_a_csv_with_any_bad_line_imports_nothing(self, ledger: CertificationLedger) -> None:
        session_id = self.new_session(ledger)
        ledger.enrol_candidate(session_id, person("Léa", "Dupont"), at=T0, actor=CENTRE_ADMIN)
        header = "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,billing_mode\n"
        good = "Amine,Haddad,M,2004-11-02,FRANCE,69123,PAID\n"
        with pytest.raises(CandidateImportError) as caught:
            ledger.import_candidates(
                session_id,
                (header + good + "Lea,DUPONT,F,2005-03-14,FRANCE,75056,FREE\n").encode(),
                at=T0,
                actor=CENTRE_ADMIN,
            )
        assert [(p["line"], p["code"]) for p in caught.value.problems] == [
            (3, "DUPLICATE_CANDIDATE_NOT_ALLOWED_IN_SESSION")
        ]
        assert len(ledger.get_session(session_id).candidates) == 1
        assert (
            len(
                ledger.import_candidates(
                    session_id, (header + good).encode(), at=T0, actor=CENTRE_ADMIN
                )
            )
            == 1
        )

    def test_reconciliation_needs_the_enrolled_identity_a_free_candidate_and_a_certifiable_profile(
        self, ledger: CertificationLedger, profiles: FakeProfiles
    ) -> None:
        session_id = self.new_session(ledger)
        ledger.enrol_candidate(session_id, person("Léa", "Dupont"), at=T0, actor=CENTRE_ADMIN)
        first, second, weak = uuid4(), uuid4(), uuid4()
        profiles.not_certifiable.add(weak)

        def reconcile(user: UUID, last: str = "Dupont") -> UUID:
            return ledger.reconcile_candidate(
                session_id,
                user_id=user,
                first_name="lea",
                last_name=last,
                birthdate=date(2005, 3, 14),
                at=at(5),
                actor=CANDIDATE,
            )

        with pytest.raises(CandidateNotFoundByIdentityError):
            reconcile(first, "Durand")
        with pytest.raises(NotCertifiableError):
            reconcile(weak)
        candidate = reconcile(first)
        assert reconcile(first) == candidate
        with pytest.raises(UnexpectedUserAccountError):
            reconcile(second)
        with pytest.raises(CandidateLinkedError):
            ledger.remove_candidate(session_id, candidate, at=at(6), actor=CENTRE_ADMIN)

    def test_entering_needs_the_access_code_and_a_fresh_authorisation(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        user = uuid4()
        candidate = ledger.enrol_candidate(
            session_id, person("Léa", "Dupont"), at=T0, actor=CENTRE_ADMIN
        )
        ledger.reconcile_candidate(
            session_id,
            user_id=user,
            first_name="Léa",
            last_name="Dupont",
            birthdate=date(2005, 3, 14),
            at=at(1),
            actor=CANDIDATE,
        )
        code = ledger.get_session(session_id).access_code

        def enter(when: float, access_code: str = code) -> UUID:
            return ledger.enter_session(
                session_id,
                access_code=access_code,
                user_id=user,
                locale="fr-fr",
                at=at(when),
                actor=CANDIDATE,
                rng=random.Random(3),
            )

        with pytest.raises(CandidateNotAuthorizedToJoinError):
            enter(10)
        ledger.authorize_candidate(
            session_id, candidate, purpose="start", at=at(20), actor=INVIGILATOR
        )
        with pytest.raises(AccessCodeIncorrectError):
            enter(30, "BBBB22" if code != "BBBB22" else "CCCC33")
        with pytest.raises(CandidateNotAuthorizedToJoinError):
            enter(20 + 15 * 60 + 1)  # the authorisation lasts 15 minutes
        ledger.authorize_candidate(
            session_id, candidate, purpose="start", at=at(2000), actor=INVIGILATOR
        )
        course = enter(2010)
        with pytest.raises(CandidateNotAuthorizedToResumeError):
            enter(2100)  # used up on entry: resuming needs a new authorisation
        ledger.authorize_candidate(
            session_id, candidate, purpose="resume", at=at(2200), actor=INVIGILATOR
        )
        assert enter(2210) == course
        with pytest.raises(SessionAlreadyStartedError):
            ledger.change_session_details(session_id, DETAILS, at=at(2300), actor=CENTRE_ADMIN)

    def test_fifteen_days_between_two_certifications_of_one_candidate(
        self, ledger: CertificationLedger
    ) -> None:
        first_session = self.new_session(ledger, seed=1)
        user, _ = self.seat(ledger, first_session, "Léa", "Dupont")
        second = self.new_session(ledger, seed=2)
        candidate = ledger.enrol_candidate(
            second, person("Léa", "Dupont"), at=at(10), actor=CENTRE_ADMIN
        )
        ledger.reconcile_candidate(
            second,
            user_id=user,
            first_name="Léa",
            last_name="Dupont",
            birthdate=date(2005, 3, 14),
            at=at(11),
            actor=CANDIDATE,
        )
        ten_days = 10 * 24 * 3600
        ledger.authorize_candidate(
            second, candidate, purpose="start", at=at(ten_days), actor=INVIGILATOR
        )
        head = ledger.recorder.max_notification_id()
        with pytest.raises(RetakeTooSoonError, match="you may sit again from 2026-12-07"):
            ledger.enter_session(
                second,
                access_code=ledger.get_session(second).access_code,
                user_id=user,
                locale="fr-fr",
                at=at(ten_days + 1),
                actor=CANDIDATE,
                rng=random.Random(1),
            )
        assert ledger.recorder.max_notification_id() == head

    def test_incidents_follow_the_catalogue_and_close_at_finalisation(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        _, course = self.seat(ledger, session_id, "Léa", "Dupont")
        report = ledger.add_issue_report(
            session_id,
            course,
            {"category": "IN_CHALLENGE", "subcategory": "EMBED_NOT_WORKING", "question_number": 3},
            at=at(50),
            actor=CENTRE_ADMIN,
        )
        with pytest.raises(DeprecatedIssueReportCategoryError):
            ledger.add_issue_report(
                session_id,
                course,
                {"category": "TECHNICAL_PROBLEM", "description": "x"},
                at=at(51),
                actor=CENTRE_ADMIN,
            )
        ledger.delete_issue_report(session_id, report, at=at(52), actor=CENTRE_ADMIN)
        ledger.add_issue_report(
            session_id, course, {"category": "FRAUD"}, at=at(53), actor=CENTRE_ADMIN
        )
        ledger.end_course_by_invigilator(course, at=at(60), actor=INVIGILATOR)
        ledger.finalize_session(
            session_id,
            examiner_global_comment=None,
            has_incident=True,
            has_joining_issue=False,
            abort_reasons={course: "candidate"},
            at=at(100),
            actor=CENTRE_ADMIN,
        )
        impactful = [r["impactful"] for r in ledger.get_session(session_id).issue_reports.values()]
        assert impactful == [True]
        with pytest.raises(EnrolmentClosedError):
            ledger.add_issue_report(
                session_id, course, {"category": "FRAUD"}, at=at(101), actor=CENTRE_ADMIN
            )

    def test_finalisation_checks_abort_reasons_then_ends_and_scores_every_course(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        with pytest.raises(SessionWithoutStartedCertificationError):
            ledger.finalize_session(
                session_id,
                examiner_global_comment=None,
                has_incident=False,
                has_joining_issue=False,
                abort_reasons={},
                at=at(1),
                actor=CENTRE_ADMIN,
            )
        _, full = self.seat(ledger, session_id, "Léa", "Dupont")
        _, left = self.seat(ledger, session_id, "Amine", "Haddad", when=10)
        _, ended = self.seat(ledger, session_id, "Zoé", "Martin", when=20)
        assert sit(ledger, full, theta=1.5, seed=1) == 32
        sit(ledger, left, theta=0.5, seed=2, answers=24)
        sit(ledger, ended, theta=0.0, seed=3, answers=6)
        ledger.end_course_by_invigilator(ended, at=at(3000), actor=INVIGILATOR)

        def finalize(reasons: dict[UUID, str]) -> list[dict[str, Any]]:
            return ledger.finalize_session(
                session_id,
                examiner_global_comment="RAS",
                has_incident=False,
                has_joining_issue=False,
                abort_reasons=reasons,
                at=at(4000),
                actor=CENTRE_ADMIN,
            )

        head = ledger.recorder.max_notification_id()
        with pytest.raises(SessionWithMissingAbortReasonError):
            finalize({left: "candidate"})
        with pytest.raises(AbortReasonOnCompletedCourseError):
            finalize({left: "candidate", ended: "technical", full: "candidate"})
        assert ledger.recorder.max_notification_id() == head
        results = finalize({left: "candidate", ended: "technical"})
        assert [r["status"] for r in results] == ["validated", "validated", "cancelled"]
        assert results[1]["degraded"] is True
        assert (
            results[2]["auto_jury_comment"]
            == "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON"
        )
        assert ledger.get_course(left).state == "endedDueToFinalization"
        session = ledger.get_session(session_id)
        assert session.status == SessionStatus.FINALIZED
        with pytest.raises(SessionAlreadyFinalizedError):
            finalize({})
        with pytest.raises(SessionNotAccessibleError):
            ledger.authorize_candidate(
                session_id, uuid4(), purpose="start", at=at(4100), actor=INVIGILATOR
            )
        with pytest.raises(EnrolmentClosedError):
            ledger.enrol_candidate(
                session_id, person("Noé", "Petit"), at=at(4100), actor=CENTRE_ADMIN
            )

    def test_a_test_whose_time_ran_out_still_needs_an_abort_reason(
        self, ledger: CertificationLedger
    ) -> None:
        session_id = self.new_session(ledger)
        _, course = self.seat(ledger, session_id, "Léa", "Dupont")
        sit(ledger, course, theta=1.0, seed=5, answers=25)
        later = T0 + timedelta(hours=3)
        with pytest.raises(SessionWithMissingAbortReasonError):
            ledger.finalize_session(
                session_id,
                examiner_global_comment=None,
                has_incident=False,
                has_joining_issue=False,
                abort_reasons={},
                at=later,
                actor=CENTRE_ADMIN,
            )
        results = ledger.finalize_session(
            session_id,
            examiner_global_comment=None,
            has_incident=False,
            has_joining_issue=False,
            abort_reasons={course: "candidate"},
            at=later,
            actor=CENTRE_ADMIN,
        )
        assert ledger.get_course(course).state == "endedDueToFinalization"
        assert results[0]["status"] == "validated"
        assert results[0]["degraded"] is True
        assert np.isfinite(results[0]["capacity"])

    def test_erasing_a_person_shreds_their_candidate_records_and_keeps_the_results(
        self, ledger: CertificationLedger
    ) -> None:
        # given a registered person who reconciled, sat a test and was scored
        session_id = self.new_session(ledger)
        user = ledger.register_learner(
            password="correct horse battery",
            first_name="Léa",
            last_name="Dupont",
            birthdate=date(2005, 3, 14),
            registered_at=T0,
            actor=CENTRE_ADMIN,
            email="lea.dupont@example.org",
        )
        _, course = self.seat(ledger, session_id, "Léa", "Dupont", user=user)
        linked = ledger.get_session(session_id).candidate_of_user(user)
        assert linked is not None
        candidate = linked.candidate_id
        sit(ledger, course, theta=1.0, seed=6)
        results = ledger.finalize_session(
            session_id,
            examiner_global_comment=None,
            has_incident=False,
            has_joining_issue=False,
            abort_reasons={},
            at=at(5000),
            actor=CENTRE_ADMIN,
        )
        assert ledger.read_candidate(session_id, candidate)["last_name"] == "Dupont"
        exported = ledger.certification_records(user)  # the right of access
        assert exported[0]["candidate"]["last_name"] == "Dupont"
        assert exported[0]["course"]["results"] == results
        # when the person's personal data is erased
        ledger.erase_personal_data(user, erased_at=at(6000), actor=Actor.system("dpo"))
        # then their candidate record reads as erased, and their course and result stand
        fields = ledger.read_candidate(session_id, candidate)
        assert {fields[k] for k in ("first_name", "last_name", "birthdate")} == {"[erased]"}
        assert ledger.session_results(session_id)[0].status == results[0]["status"]
        assert ledger.get_course(course).results[-1] == results[0]
        assert len(ledger.get_course(course).answers) == 32
        assert ledger.certification_records(user)[0]["candidate"]["last_name"] == "[erased]"
