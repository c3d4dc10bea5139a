"""What the jury reads (§5.1) and what a candidate may see once published, from the aggregates.

One course or one session at a time (lists come from the work-queue read model). The result
history is the course's ``Scored`` events then its case's ``ResultRecorded``; the latest wins.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.certification.course import CertificationCourse
from domain.certification.delivery import course_pool, flash_configuration
from domain.certification.v2_course import V2CertificationCourse
from domain.errors import LedgerError, NotFoundError, OutOfScopeError
from domain.scoring import Answer
from domain.scoring.flash import estimate_capacity_history
from jury.case import JuryCase
from jury.deliberation import SessionDeliberation
from jury.policies import EMITTER_ALGO
from jury.publication import PublicationCommands

IDENTITY_FIELDS = ("first_name", "last_name", "birthdate", "sex", "birth_city", "birth_country")


class ResultNotPublishedError(NotFoundError):
    """A candidate asked for a result that is not published (it may not exist yet)."""

    code = "result_not_published"


class JuryViews(PublicationCommands):
    """Read sides of the jury's pages and API, and the candidate's published result."""

    def result_history(self, course_id: UUID) -> list[dict[str, Any]]:
        """Every result of the course in order, with its emitter, actor, reason and time."""
        history = []
        for stored in self.repository.event_store.get(course_id):
            if isinstance(stored, CertificationCourse.Scored):
                history.append(
                    {
                        **stored.result,
                        "decision": "finalisation",
                        "emitter": EMITTER_ALGO,
                        "reason": "scored at finalisation",
                        "actor_id": stored.actor_id,
                        "actor_role": stored.actor_role,
                        "recorded_at": stored.scored_at,
                        "rule_version": _algorithm(stored.result),
                    }
                )
        case = self.find_case(course_id)
        return history + (list(case.results) if case is not None else [])

    def jury_course(self, course_id: UUID) -> dict[str, Any]:
        """§5.1's view of a course: identity, result, every question with its timeline."""
        course = self.get_course(course_id)
        case = self.find_case(course_id)
        session = self.get_session(course.session_id)
        enrolled = self.read_candidate(session.id, course.candidate_id)
        identity = {k: enrolled.get(k) for k in IDENTITY_FIELDS}
        if case is not None and case.identity:
            vault = self._vault()
            identity.update({k: vault.unseal(v) for k, v in case.identity.items()})
        reports = [
            {**report, "resolution": (case.resolutions.get(rid) if case else None)}
            for rid, report in session.issue_reports.items()
            if report["course_id"] == course.id
        ]
        deliberation = self.find_deliberation(session.id)
        return {
            "course_id": course.id,
            "session_id": session.id,
            "version": course.certification_version,
            "identity": identity,
            "verification_code": course.verification_code,
            "state": course.state,
            "abort_reason": course.abort_reason,
            "result": self.latest_result(course, case),
            "questions": self._timeline(course, case),
            "issue_reports": reports,
            "history": self.result_history(course_id),
            "decisions": list(case.decisions) if case else [],
            "comments": list(case.comments) if case else [],
            "cancelled": bool(case and case.cancelled),
            "rejected_for_fraud": bool(case and case.rejected_for_fraud),
            "auto_jury": case.auto_jury if case else None,
            "published": bool(deliberation and course.id in deliberation.published_course_ids),
        }

    def _timeline(self, course: CertificationCourse, case: JuryCase | None) -> list[dict[str, Any]]:
        """Each served question: answer, status, times, alerts, capacity after the answer."""
        questions: list[dict[str, Any]] = []
        by_id: dict[str, dict[str, Any]] = {}
        for stored in self.repository.event_store.get(course.id):
            challenge_id = getattr(stored, "challenge_id", None)
            if isinstance(
                stored, CertificationCourse.ChallengeServed | V2CertificationCourse.QuestionServed
            ):
                row: dict[str, Any] = {
                    "number": len(questions) + 1,
                    "challenge_id": stored.challenge_id,
                    "competence": self._competence_of(stored.challenge_id),
                    "served_at": stored.served_at,
                    "answer": None,
                    "status": None,
                    "answered_at": None,
                    "time_spent_seconds": None,
                    "alerts": [],
                    "capacity": None,
                    "error_rate": None,
                }
                questions.append(row)
                by_id[stored.challenge_id] = row
            elif isinstance(stored, CertificationCourse.AnswerRecorded) and challenge_id in by_id:
                by_id[challenge_id].update(
                    answer=stored.value,
                    status=stored.status,
                    answered_at=stored.answered_at,
                    time_spent_seconds=stored.time_spent_seconds,
                )
            elif isinstance(stored, CertificationCourse.LiveAlertRaised) and challenge_id in by_id:
                by_id[challenge_id]["alerts"].append(
                    {"raised_at": stored.raised_at, "outcome": "ongoing"}
                )
            elif (
                isinstance(stored, CertificationCourse.LiveAlertDismissed) and challenge_id in by_id
            ):
                by_id[challenge_id]["alerts"][-1]["outcome"] = "dismissed"
            elif (
                isinstance(stored, CertificationCourse.LiveAlertValidated) and challenge_id in by_id
            ):
                by_id[challenge_id]["alerts"][-1]["outcome"] = f"validated ({stored.subcategory})"
        neutralised = set(getattr(course, "neutralized", ())) | set(course.validated_alerts)
        if case is not None:
            neutralised = (neutralised | set(case.neutralised)) - set(case.deneutralised)
            for row in questions:
                if row["challenge_id"] in case.accepted:
                    row["status"] = f"ok (was {row['status']})"
        for row in questions:
            row["neutralised"] = row["challenge_id"] in neutralised
        if not isinstance(course, V2CertificationCourse):
            self._capacities(course, questions)
        return questions

    def _capacities(self, course: CertificationCourse, questions: list[dict[str, Any]]) -> None:
        """The capacity estimate and its error after each answer, as the test computed them."""
        configuration = flash_configuration(course)
        answered = [(cid, status) for cid, _, status in course.answers]
        if not answered:
            return
        history = estimate_capacity_history(
            course_pool(course, self.bank),
            [Answer(cid, status) for cid, status in answered],  # type: ignore[arg-type]
            configuration.default_candidate_capacity,
            configuration.variation_percent,
        )
        rows = {row["challenge_id"]: row for row in questions}
        for (challenge_id, _), estimate in zip(answered, history, strict=True):
            rows[challenge_id]["capacity"] = round(estimate.capacity, 4)
            rows[challenge_id]["error_rate"] = round(estimate.error_rate, 4)

    def _competence_of(self, challenge_id: str) -> str:
        try:
            return self.bank.challenge(challenge_id).competence_code
        except LedgerError:  # a challenge gone from the bank still shows in the timeline
            return "?"

    def jury_session(self, session_id: UUID) -> dict[str, Any]:
        """The session as the jury sees it: details, counters, courses, deliberation."""
        session = self._jury_session(session_id)
        deliberation = self.find_deliberation(session_id)
        courses = []
        for candidate in session.candidates.values():
            if candidate.course_id is None:
                continue
            course = self.get_course(candidate.course_id)
            case = self.find_case(course.id)
            fields = self.read_candidate(session_id, candidate.candidate_id)
            result = self.latest_result(course, case) or {}
            reports = [r for r in session.issue_reports.values() if r["course_id"] == course.id]
            unresolved = [
                r for r in reports
                if r["impactful"] and not (case and r["report_id"] in case.resolutions)
            ]  # fmt: skip
            courses.append(
                {
                    "course_id": course.id,
                    "first_name": fields["first_name"],
                    "last_name": fields["last_name"],
                    "state": course.state,
                    "status": result.get("status") or "started",
                    "pix_score": result.get("pix_score"),
                    "abort_reason": course.abort_reason,
                    "issue_reports": len(reports),
                    "action_required": bool(unresolved),
                    "scoring_error": result.get("status") in (None, "error"),
                }
            )
        return {
            "session_id": session.id,
            "centre_name": session.centre_name,
            "details": dict(session.details),
            "version": session.certification_version,
            "finalized_at": session.finalized_at,
            "finalization": session.finalization,
            "courses": courses,
            "published_at": deliberation.published_at if deliberation else None,
            "officer": deliberation.officer if deliberation else None,
            "comments": list(deliberation.comments) if deliberation else [],
            "history": list(deliberation.history) if deliberation else [],
            "publishable_now": all(not c["scoring_error"] for c in courses) and bool(courses),
            "notifications": self._notifications(deliberation),
        }

    def _notifications(self, deliberation: SessionDeliberation | None) -> list[dict[str, Any]]:
        """Each result notification with its recipient, status, attempts and last error."""
        if deliberation is None:
            return []
        vault = self._vault()
        return [
            {
                "notification_id": nid,
                "email": vault.unseal(n["email"]),
                **{k: n[k] for k in ("status", "attempts", "last_error", "sent_at")},
            }
            for nid, n in deliberation.notifications.items()
        ]

    def published_result(self, course_id: UUID, user_id: UUID) -> dict[str, Any]:
        """A candidate's own result, once published; before, it does not exist for them."""
        course = self.get_course(course_id)
        if course.user_id != user_id:
            raise OutOfScopeError("only the candidate may see their result")
        deliberation = self.find_deliberation(course.session_id)
        if deliberation is None or course.id not in deliberation.published_course_ids:
            raise ResultNotPublishedError("your result is not published yet")
        result = self.latest_result(course, self.find_case(course_id)) or {}
        return {
            "course_id": course.id,
            "session_id": course.session_id,
            "verification_code": course.verification_code,
            "published_at": deliberation.published_at,
            "status": result.get("status"),
            "pix_score": result.get("pix_score"),
            "mesh_index": result.get("mesh_index"),
            "competence_marks": result.get("competence_marks") or [],
            "comment_for_candidate": result.get("comment_for_candidate")
            or result.get("auto_jury_comment"),
        }


def _algorithm(result: dict[str, Any]) -> str:
    algorithm = result.get("algorithm") or {}
    return f"{algorithm.get('name', '?')}/{algorithm.get('version', '?')}"


class RecipientResults(JuryViews):
    """What a result recipient's link shows: the published results of their candidates."""

    def results_for_recipient(self, session_id: UUID, notification_id: str) -> dict[str, Any]:
        """The session's published results of the candidates who named this recipient."""
        deliberation = self.find_deliberation(session_id)
        found = deliberation.notifications.get(notification_id) if deliberation else None
        if deliberation is None or found is None or deliberation.published_at is None:
            raise ResultNotPublishedError("these results are not published (any more)")
        vault = self._vault()
        email = vault.unseal(found["email"])
        session = self.get_session(session_id)
        rows = []
        for candidate in session.candidates.values():
            sealed = candidate.sealed.get("result_recipient_email")
            if candidate.course_id is None or sealed is None:
                continue
            if vault.unseal(sealed).strip().lower() != email:
                continue
            fields = self.read_candidate(session_id, candidate.candidate_id)
            result = self.published_result(
                candidate.course_id, self.get_course(candidate.course_id).user_id
            )
            rows.append(
                {"first_name": fields["first_name"], "last_name": fields["last_name"], **result}
            )
        return {
            "centre_name": session.centre_name,
            "date": session.details["date"],
            "published_at": deliberation.published_at,
            "results": rows,
        }
