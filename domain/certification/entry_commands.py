"""Entering the test: reconciliation, the invigilator's authorisations, the access code."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from uuid import UUID

import numpy as np

from domain.actors import Actor
from domain.certification.candidates import identity_lookup_texts
from domain.certification.codes import generate_verification_code
from domain.certification.courses import course_id_for, new_course
from domain.certification.errors import (
    AccessCodeIncorrectError,
    CandidateNotAuthorizedToJoinError,
    CandidateNotAuthorizedToResumeError,
    CandidateNotFoundByIdentityError,
    CertificationDurationExceededError,
    NotCertifiableError,
    RetakeTooSoonError,
    SessionNotJoinableError,
    TooManyCandidatesMatchError,
    UnexpectedUserAccountError,
    UserAlreadyLinkedError,
)
from domain.certification.lookups import CertificationLookups
from domain.certification.retake import may_sit, next_sitting_date
from domain.certification.roster import EnrolledCandidate
from domain.certification.session import CertificationSession, CodeClaim
from domain.errors import InvalidInputError

MAX_COURSE_DURATION = timedelta(hours=24)


LOCALES = ("fr-fr", "fr", "en")


class EntryCommands(CertificationLookups):
    """From a logged-in user to a running course: reconcile, authorise, enter."""

    def reconcile_candidate(
        self,
        session_id: UUID,
        *,
        user_id: UUID,
        first_name: str,
        last_name: str,
        birthdate: date,
        at: datetime,
        actor: Actor,
    ) -> UUID:
        """Link the user to the enrolled candidate with these names and birthdate.

        Their profile must be certifiable at this instant (5 competences at level 1 or more);
        doing it twice as the same user is harmless.
        """
        session = self._accessible(session_id)
        vault = self._vault()
        indexes = {
            vault.blind_index(t) for t in identity_lookup_texts(first_name, last_name, birthdate)
        }
        # Through the identity index: a command never visits the session's other candidates.
        matches = [c for index in sorted(indexes) for c in session.candidates.with_identity(index)]
        if not matches:
            raise CandidateNotFoundByIdentityError(
                "Aucun candidat de certification n'a été trouvé avec ces informations."
            )
        if len(matches) > 1:
            raise TooManyCandidatesMatchError(
                "Plus d'un candidat de certification a été trouvé avec ces informations."
            )
        candidate = matches[0]
        if candidate.user_id == user_id:
            return candidate.candidate_id
        if candidate.user_id is not None:
            raise UnexpectedUserAccountError(
                "Ce compte utilisateur n'est pas celui qui est attendu."
            )
        if session.candidate_of_user(user_id) is not None:
            raise UserAlreadyLinkedError(
                "Cet utilisateur est déjà lié à un candidat de certification "
                "au sein de cette session."
            )
        profile = self.profiles.get_certifiability(user_id, at)
        if not profile.is_certifiable:
            raise NotCertifiableError("Vous n’êtes pas autorisé à passer un test de certification.")  # noqa: RUF001
        session._reconcile(
            candidate.candidate_id,
            user_id,
            profile.certifiable_competences,
            at,
            actor.id,
            actor.role,
        )
        history = self._history(user_id)
        history._link(candidate.candidate_id, session_id, at, actor.id, actor.role)
        self._save(session, history)
        return candidate.candidate_id

    def authorize_candidate(
        self, session_id: UUID, candidate_id: UUID, *, purpose: str, at: datetime, actor: Actor
    ) -> None:
        """The invigilator confirms presence (``start``) or allows a ``resume``; 15 minutes."""
        session = self._accessible(session_id)
        candidate = self._candidate(session, candidate_id)
        if purpose not in ("start", "resume"):
            raise InvalidInputError("purpose must be start or resume")
        if purpose == "resume" and candidate.course_id is not None:
            course = self.get_course(candidate.course_id)
            if at - course.started_at > MAX_COURSE_DURATION:
                raise CertificationDurationExceededError(
                    "The maximum duration to answer the certification test has been exceeded."
                )
        session._authorize(candidate_id, purpose, at, actor.id, actor.role)
        self._save(session)

    def enter_session(
        self,
        session_id: UUID,
        *,
        access_code: str,
        user_id: UUID,
        locale: str,
        at: datetime,
        actor: Actor,
        rng: random.Random,
    ) -> UUID:
        """Start (or resume) the user's course with the session's access code."""
        session = self._accessible(session_id)
        if access_code.strip().upper() != session.access_code:
            raise AccessCodeIncorrectError("the access code does not open this session")
        candidate = session.candidate_of_user(user_id)
        if candidate is None:
            raise UnexpectedUserAccountError(
                "Ce compte utilisateur n'est pas celui qui est attendu."
            )
        if candidate.course_id is not None:
            return self._resume(session, candidate, at, actor)
        if session.has_expired(at):
            raise SessionNotJoinableError("Certification session is not joinable")
        if not candidate.is_authorized(at):
            raise CandidateNotAuthorizedToJoinError(
                "Votre surveillant n’a pas confirmé votre présence dans la salle de test."  # noqa: RUF001
            )
        history = self._history(user_id)
        if not may_sit(history.starts, at):
            raise RetakeTooSoonError(
                "at least 15 days must pass between two certifications: you may sit again "
                f"from {next_sitting_date(history.starts)}"
            )
        code = self._free_verification_code(rng)
        locale = locale if locale in LOCALES else "fr-fr"
        v2_draw = None
        if session.certification_version == 2:
            assert candidate.reconciled_at is not None  # entry needs a reconciled candidate
            # The test is drawn from the profile as of reconciliation. The draw's picks are
            # recorded, so the generator only has to be unpredictable.
            profile = self.profiles.get_v2_profile(user_id, candidate.reconciled_at, locale)
            v2_draw = (profile, np.random.default_rng(rng.getrandbits(64)))
        course = new_course(
            self.framework,
            self.bank,
            session_id=session_id,
            candidate_id=candidate.candidate_id,
            user_id=user_id,
            locale=locale,
            accessibility_adjusted=bool(candidate.options.get("accessibility_adjusted", False)),
            extra_time_ratio=float(candidate.options.get("extra_time_ratio", 0.0)),
            verification_code=code,
            started_at=at,
            actor=actor,
            v2_draw=v2_draw,
        )
        claim = CodeClaim(kind="verification", code=code, owner_id=course.id)
        history._start(course.id, session_id, at, actor.id, actor.role)
        session._enter(candidate.candidate_id, course.id, False, at, actor.id, actor.role)
        # One transaction: the course, its code, the sitting and the used-up authorisation.
        self._save(session, course, claim, history)
        return course.id

    def _resume(
        self,
        session: CertificationSession,
        candidate: EnrolledCandidate,
        at: datetime,
        actor: Actor,
    ) -> UUID:
        assert candidate.course_id is not None
        course = self.get_course(candidate.course_id)
        if at - course.started_at > MAX_COURSE_DURATION:
            raise CertificationDurationExceededError(
                "The maximum duration to answer the certification test has been exceeded."
            )
        if not candidate.is_authorized(at):
            raise CandidateNotAuthorizedToResumeError(
                "Merci de contacter votre surveillant afin qu'il autorise la reprise de votre test."
            )
        session._enter(candidate.candidate_id, course.id, True, at, actor.id, actor.role)
        self._save(session)
        return course.id

    def _free_verification_code(self, rng: random.Random) -> str:
        while True:
            code = generate_verification_code(rng)
            if not self._exists(CodeClaim.create_id("verification", code)):
                return code


__all__ = ["EntryCommands", "course_id_for"]
