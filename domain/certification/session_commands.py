"""Commands of centres and sessions: create, correct, enrol (one by one or by CSV), incidents."""

from __future__ import annotations

import hmac
import random
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.actors import Actor
from domain.certification.candidates import (
    CENTRE_TYPES,
    Candidate,
    identity_text,
    validate_candidate,
)
from domain.certification.codes import generate_access_code, generate_invigilator_password
from domain.certification.csv_import import parse_candidates_csv
from domain.certification.errors import (
    CandidateImportError,
    CandidateInvalidError,
    CandidateLinkedError,
    CandidateNotFoundError,
    DuplicateCandidateError,
    EnrolmentClosedError,
    IssueReportNotFoundError,
    SessionAlreadyStartedError,
    SessionDetailsInvalidError,
)
from domain.certification.incidents import validate_issue_report
from domain.certification.lookups import CertificationLookups
from domain.certification.session import CertificationCentre, CertificationSession, CodeClaim
from domain.errors import InvalidInputError
from domain.text import visible_text

_TIME = re.compile(r"^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$")
SEALED_FIELDS = (
    "first_name",
    "last_name",
    "birthdate",
    "birth_country",
    "birth_insee_code",
    "birth_postal_code",
    "birth_city",
    "email",
    "result_recipient_email",
)
"""Candidate fields that are personal data: sealed with the candidate's own key."""
MAX_CODE_DRAWS = 50
PROGRESS_EVERY = 500
"""How often a long import reports its progress (candidates sealed)."""


class SessionCommands(CertificationLookups):
    """Centres, sessions, candidate lists and incident reports."""

    def register_centre(
        self, *, name: str, centre_type: str, external_id: str | None, at: datetime, actor: Actor
    ) -> UUID:
        """Register a certification centre of type SCO, SUP or PRO."""
        if centre_type not in CENTRE_TYPES:
            raise InvalidInputError(f"centre type must be one of {', '.join(CENTRE_TYPES)}")
        name = visible_text(name)
        if not name:
            raise InvalidInputError("a centre needs a name")
        centre = CertificationCentre(
            name=name,
            centre_type=centre_type,
            external_id=external_id,
            registered_at=at,
            **actor.event_fields(),
        )
        self._save(centre)
        return centre.id

    def create_session(
        self,
        *,
        centre_id: UUID,
        details: dict[str, Any],
        at: datetime,
        actor: Actor,
        rng: random.Random,
        version: int = 3,
    ) -> UUID:
        """Create a session of the v3 test (or of the earlier v2); its access code is unique."""
        centre = self.get_centre(centre_id)
        checked = _checked_details(details)
        if version not in (2, 3):
            raise SessionDetailsInvalidError(f"a session is of version 2 or 3, not {version}")
        code, released = self._free_access_code(rng)
        session = CertificationSession(
            centre_id=centre_id,
            centre_name=centre.name,
            centre_type=centre.centre_type,
            version=version,
            access_code=code,
            invigilator_password=generate_invigilator_password(rng),
            created_at=at,
            **checked,
            **actor.event_fields(),
        )
        if released is None:
            claim = CodeClaim(kind="access", code=code, owner_id=session.id)
        else:
            claim = released
            claim._reclaim(session.id)
        # Saved together: a concurrent session drawing the same code conflicts on the claim.
        self._save(session, claim)
        return session.id

    def check_invigilator_password(self, session_id: UUID, password: str) -> bool:
        """Whether ``password`` opens invigilation of the session (open sessions only)."""
        session = self._find(session_id, CertificationSession)
        if session is None or session.finalized_at is not None:
            return False
        return hmac.compare_digest(session.invigilator_password.encode(), password.encode())

    def change_session_details(
        self, session_id: UUID, details: dict[str, Any], *, at: datetime, actor: Actor
    ) -> None:
        """Correct site, room, examiner, date, time or description before anyone starts."""
        session = self.get_session(session_id)
        if session.has_started or session.finalized_at is not None:
            raise SessionAlreadyStartedError(
                "Des certifications sont déjà démarrées dans cette session. "
                "Elle ne peut donc pas être modifiée."
            )
        session._change_details(**_checked_details(details), changed_at=at, **actor.event_fields())
        self._save(session)

    def enrol_candidate(
        self, session_id: UUID, fields: dict[str, Any], *, at: datetime, actor: Actor
    ) -> UUID:
        """Enrol one candidate; every faulty field is reported at once."""
        session = self._open_for_enrolment(session_id, at)
        result = validate_candidate(fields, session.centre_type)
        if isinstance(result, list):
            raise CandidateInvalidError(
                f"{len(result)} field(s) to correct", [asdict(p) for p in result]
            )
        candidate_id = self._enrol(session, result, "INDIVIDUAL", at, actor)
        self._save_with_new_keys([candidate_id], session)
        return candidate_id

    def import_candidates(
        self,
        session_id: UUID,
        data: bytes,
        *,
        at: datetime,
        actor: Actor,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> list[UUID]:
        """Enrol every candidate of a CSV file, or none if any line is faulty.

        ``progress(step, done, total)``, when given, hears of each stage of a long file:
        ``read``, ``checked``, ``sealed`` (every ``PROGRESS_EVERY`` candidates) and ``saved``.
        """
        report = progress or (lambda step, done, total: None)
        session = self._open_for_enrolment(session_id, at)
        vault = self._vault()
        parsed = parse_candidates_csv(data, session.centre_type)
        problems = [asdict(p) for p in parsed if not isinstance(p, Candidate)]
        candidates = [c for c in parsed if isinstance(c, Candidate)]
        report("read", len(parsed), len(parsed))
        indexes = [vault.blind_index(identity_text(*c.identity_texts())) for c in candidates]
        for line, index in enumerate(indexes, start=2):
            if session.candidates.has_identity(index):
                problems.append(
                    {
                        "line": line,
                        "code": "DUPLICATE_CANDIDATE_NOT_ALLOWED_IN_SESSION",
                        "field": "last_name",
                        "message": "already enrolled in the session",
                    }
                )
        if problems:
            raise CandidateImportError(f"{len(problems)} problem(s); nothing imported", problems)
        total = len(candidates)
        report("checked", total, total)
        created = [uuid4() for _ in candidates]
        vault.create_keys(created)  # one write for the whole file
        known: set[str] = set()
        for n, (candidate_id, candidate, index) in enumerate(
            zip(created, candidates, indexes, strict=True), start=1
        ):
            self._enrol(session, candidate, "CSV", at, actor, candidate_id, known, index)
            if n % PROGRESS_EVERY == 0 or n == total:
                report("sealed", n, total)
        self._save_with_new_keys(created, session)
        report("saved", total, total)
        return created

    def remove_candidate(
        self, session_id: UUID, candidate_id: UUID, *, at: datetime, actor: Actor
    ) -> None:
        """Remove a candidate who has not yet been linked to a user."""
        session = self._open_for_enrolment(session_id, at)
        candidate = session.candidates.get(candidate_id)
        if candidate is None:
            raise CandidateNotFoundError(f"no candidate {candidate_id} in session {session_id}")
        if candidate.user_id is not None:
            raise CandidateLinkedError(
                "Il est interdit de supprimer un candidat de certification "
                "déjà lié à un utilisateur."
            )
        session._remove(candidate_id, at, actor.id, actor.role)
        self._save(session)

    def add_issue_report(
        self,
        session_id: UUID,
        course_id: UUID,
        report: dict[str, Any],
        *,
        at: datetime,
        actor: Actor,
    ) -> UUID:
        """Report an incident on a course of the session, before finalisation."""
        session = self.get_session(session_id)
        if session.finalized_at is not None:
            raise EnrolmentClosedError("the session is finalised: incidents can no longer change")
        if session.candidates.of_course(course_id) is None:
            raise CandidateNotFoundError(f"no course {course_id} in session {session_id}")
        content = validate_issue_report(
            report.get("category", ""),
            report.get("subcategory"),
            report.get("description"),
            report.get("question_number"),
        )
        report_id = uuid4()
        session._add_issue_report(
            report_id,
            course_id,
            content.category,
            content.subcategory,
            content.description,
            content.question_number,
            content.is_impactful,
            at,
            actor.id,
            actor.role,
        )
        self._save(session)
        return report_id

    def delete_issue_report(
        self, session_id: UUID, report_id: UUID, *, at: datetime, actor: Actor
    ) -> None:
        """Withdraw an incident report; only while the session is not finalised."""
        session = self.get_session(session_id)
        if session.finalized_at is not None:
            raise EnrolmentClosedError("Certification issue report deletion forbidden")
        if report_id not in session.issue_reports:
            raise IssueReportNotFoundError(
                f"no incident report {report_id} in session {session_id}"
            )
        session._delete_issue_report(report_id, at, actor.id, actor.role)
        self._save(session)

    def _open_for_enrolment(self, session_id: UUID, at: datetime) -> CertificationSession:
        session = self.get_session(session_id)
        if session.finalized_at is not None or session.has_expired(at):
            raise EnrolmentClosedError(
                "La session a été finalisée ou a expiré, l'ajout de candidat n'est plus possible."
            )
        return session

    def _enrol(
        self,
        session: CertificationSession,
        candidate: Candidate,
        channel: str,
        at: datetime,
        actor: Actor,
        candidate_id: UUID | None = None,
        indexes: set[str] | None = None,
        index: str | None = None,
    ) -> UUID:
        """Enrol on ``session`` (unsaved) under a personal-data key; the candidate's id.

        ``candidate_id`` names a key created beforehand (a file creates all its keys in one
        write); without it a key is created here. ``indexes`` are the identity indexes enrolled
        earlier in the same file (the session's own are in its roster's index); ``index`` is
        the candidate's own, when the caller computed it already.
        """
        vault = self._vault()
        if index is None:
            index = vault.blind_index(identity_text(*candidate.identity_texts()))
        if indexes is None:
            indexes = set()
        if index in indexes or session.candidates.has_identity(index):
            raise DuplicateCandidateError(
                "A candidate with the same personal info is already in the session."
            )
        indexes.add(index)
        if candidate_id is None:
            candidate_id = uuid4()
            vault.create_key(candidate_id)
        values = candidate.as_dict()
        sealed = {
            f: vault.seal(candidate_id, str(values[f]))
            for f in SEALED_FIELDS
            if values[f] is not None
        }
        options = {k: v for k, v in values.items() if k not in SEALED_FIELDS}
        session._enrol(candidate_id, index, sealed, options, channel, at, actor.id, actor.role)
        return candidate_id

    def _free_access_code(self, rng: random.Random) -> tuple[str, CodeClaim | None]:
        """A code no open session holds, and its released claim if it was used before."""
        for _ in range(MAX_CODE_DRAWS):
            code = generate_access_code(rng)
            claim = self._find(CodeClaim.create_id("access", code), CodeClaim)
            if claim is None or claim.owner_id is None:
                return code, claim
        raise RuntimeError("no free access code found; too many open sessions")


def _checked_details(details: dict[str, Any]) -> dict[str, Any]:
    """Site, room, examiner, date and time with the spec's messages; description optional."""
    problems = []
    text = {
        k: str(details.get(k) or "").strip()
        for k in ("address", "room", "examiner", "date", "time")
    }
    for key, message in (
        ("address", "Veuillez indiquer un nom de site."),
        ("room", "Veuillez indiquer un nom de salle."),
        ("examiner", "Veuillez indiquer un(e) surveillant(e)."),
        ("date", "Veuillez indiquer une date de début."),
        ("time", "Veuillez indiquer une heure de début."),
    ):
        if not text[key]:
            problems.append(message)
    if text["date"]:
        try:
            date.fromisoformat(text["date"])
        except ValueError:
            problems.append("Veuillez indiquer une date de début valide.")
    if text["time"] and not _TIME.fullmatch(text["time"]):
        problems.append("Veuillez indiquer une heure de début valide.")
    if problems:
        raise SessionDetailsInvalidError(" ".join(problems))
    description = str(details.get("description") or "").strip() or None
    return {**text, "description": description}
