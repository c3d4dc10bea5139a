"""The school records view: courses with their latest result and publication, and learners.

The organisations' learners keep their personal fields sealed.

Documents: ``session`` (centre name), ``course`` (scope: the user), ``code`` (verification
code -> course), ``uai`` (-> organisation), ``learner`` (scope: organisation), ``ine`` and
``identity`` (blind index -> learner), ``user`` (-> the learners linked to the account).
"""

from __future__ import annotations

import json
from abc import ABC
from dataclasses import dataclass
from typing import Any

from projections.base import Change
from projections.documents.store import DocumentStore, DocumentsView, update

SESSION = "session"
COURSE = "course"
RESULT = "result"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"
ORGANISATION = "organisation"
LEARNER = "learner"
LINK = "link"
CANCELLED = ("cancelled", "cancelled_by_jury")


@dataclass(frozen=True)
class CertificationRecord:
    """A learner's latest non-cancelled certification as the pull APIs show it.

    ``status`` is ``pending`` until published, then ``validated`` or ``rejected``; the score
    and the competence levels are shown only when published and validated.
    """

    learner_id: str
    organisation_id: str
    learner: dict[str, Any]
    course_id: str
    status: str
    pix_score: int
    competence_levels: dict[str, int]
    verification_code: str
    started_at: str
    published_at: str
    centre_name: str


def apply_change(store: DocumentStore, change: Change) -> None:
    """Apply one change to the documents."""
    kind, key = change[0], change[1]
    if kind == SESSION:
        store.put("session", key, "", {"centre_name": change[2], "published": []})
    elif kind == COURSE:
        session, user, code, started = change[2:6]
        store.put(
            "course",
            key,
            user,
            {"session_id": session, "verification_code": code, "started_at": started,
             "result": None, "published_at": ""},
        )  # fmt: skip
        store.put("code", code, "", {"course_id": key, "user_id": user})
    elif kind == RESULT:
        result = {"status": change[2], "pix_score": change[3], "marks": json.loads(change[4])}
        update(store, "course", key, lambda d: d.update(result=result))
    elif kind == PUBLISHED:
        course_ids, at = json.loads(change[2]), change[3]
        for course_id in course_ids:
            update(store, "course", course_id, lambda d: d.update(published_at=at))
        found = store.get("session", key)
        session = found[1] if found else {"centre_name": ""}
        store.put("session", key, "", {**session, "published": course_ids})
    elif kind == UNPUBLISHED:
        found = store.get("session", key)
        for course_id in found[1]["published"] if found else ():
            update(store, "course", course_id, lambda d: d.update(published_at=""))
        update(store, "session", key, lambda d: d.update(published=[]))
    elif kind == ORGANISATION:
        if change[2]:
            store.put("uai", change[2], "", {"organisation_id": key})
    elif kind == LEARNER:
        record = json.loads(change[2])
        learner_id = record.pop("learner_id")
        found = store.get("learner", learner_id)
        record["user_id"] = found[1]["user_id"] if found else ""
        store.put("learner", learner_id, key, record)
        if record["ine_index"]:
            store.put("ine", record["ine_index"], "", {"learner_id": learner_id})
        store.put("identity", f"{key}/{record['identity_index']}", "", {"learner_id": learner_id})
    elif kind == LINK:
        learner_id, user_id = change[2], change[3]
        update(store, "learner", learner_id, lambda d: d.update(user_id=user_id))
        found = store.get("user", user_id)
        linked = found[1]["learners"] if found else []
        store.put("user", user_id, "", {"learners": [*linked, [key, learner_id]]})


class SchoolRecordsView(DocumentsView, ABC):
    """Queries of the school record and higher-education pull APIs."""

    table_name = "school_records_documents"

    def apply_change(self, store: DocumentStore, change: Change) -> None:
        """See ``apply_change``."""
        apply_change(store, change)

    def organisation_by_uai(self, uai: str) -> str | None:
        """The id of the organisation holding this UAI (upper-cased), or None."""
        found = self.document("uai", uai.strip().upper())
        return None if found is None else str(found["organisation_id"])

    def school_record(self, organisation_id: str) -> list[CertificationRecord]:
        """Each linked learner's latest non-cancelled certification (none: left out)."""
        found = []
        for learner_id, learner in self.documents("learner", organisation_id):
            record = self._latest(learner_id, organisation_id, learner)
            if record is not None:
                found.append(record)
        return found

    def by_ine(self, ine_index: str) -> list[CertificationRecord]:
        """The certification of the learner with this INE (blind index), if any."""
        return self._of_learner(self.document("ine", ine_index))

    def by_identity(self, organisation_id: str, identity_index: str) -> list[CertificationRecord]:
        """The certification of the organisation's learner with this identity (blind index)."""
        return self._of_learner(self.document("identity", f"{organisation_id}/{identity_index}"))

    def by_verification_code(self, code: str) -> list[CertificationRecord]:
        """The certification with this verification code, with the learners linked to it."""
        found = self.document("code", code.upper())
        if found is None:
            return []
        user = self.document("user", found["user_id"]) or {"learners": []}
        records = []
        for organisation_id, learner_id in user["learners"] or [["", ""]]:
            learner = self.document("learner", learner_id) if learner_id else None
            record = self._record(found["course_id"], learner_id, organisation_id, learner or {})
            if record is not None:
                records.append(record)
        return records

    # -- helpers -----------------------------------------------------------------------

    def _of_learner(self, link: dict[str, Any] | None) -> list[CertificationRecord]:
        if link is None:
            return []
        learner = self.document("learner", link["learner_id"])
        if learner is None:
            return []
        organisation = self._organisation_of(link["learner_id"], learner)
        record = self._latest(link["learner_id"], organisation, learner)
        return [] if record is None else [record]

    def _organisation_of(self, learner_id: str, learner: dict[str, Any]) -> str:
        user = self.document("user", learner.get("user_id", "")) or {"learners": []}
        return next((o for o, lid in user["learners"] if lid == learner_id), "")

    def _latest(
        self, learner_id: str, organisation_id: str, learner: dict[str, Any]
    ) -> CertificationRecord | None:
        if not learner.get("user_id"):
            return None
        courses = [
            (c["started_at"], cid)
            for cid, c in self.documents("course", learner["user_id"])
            if (c["result"] or {}).get("status") not in CANCELLED
        ]
        if not courses:
            return None
        return self._record(max(courses)[1], learner_id, organisation_id, learner)

    def _record(
        self, course_id: str, learner_id: str, organisation_id: str, learner: dict[str, Any]
    ) -> CertificationRecord | None:
        course = self.document("course", course_id)
        if course is None:
            return None
        result = course["result"] or {}
        published = bool(course["published_at"]) and bool(result)
        status = result.get("status", "") if published else "pending"
        if status not in ("validated", "rejected", "pending"):
            status = "pending"
        shown = status == "validated"
        session = self.document("session", course["session_id"]) or {"centre_name": ""}
        return CertificationRecord(
            learner_id=learner_id,
            organisation_id=organisation_id,
            learner=learner,
            course_id=course_id,
            status=status,
            pix_score=int(result.get("pix_score", 0)) if shown else 0,
            competence_levels=dict(result.get("marks", {})) if shown else {},
            verification_code=course["verification_code"],
            started_at=course["started_at"],
            published_at=course["published_at"] if published else "",
            centre_name=session["centre_name"],
        )
