"""The campaign results documents and how each change updates them.

Kinds: ``organisation``, ``learner`` (scope: organisation), ``campaign`` (scope:
organisation), ``participant`` and ``participation`` (scope: campaign), ``assessment`` (a
campaign assessment's participation, scope: campaign).
"""

from __future__ import annotations

import json

from projections.base import Change
from projections.documents.store import DocumentStore, update

ORGANISATION = "organisation"
MEMBER = "member"
LEARNER = "learner"
LINK = "link"
CAMPAIGN = "campaign"
ARCHIVE = "archive"
PARTICIPANT = "participant"
START = "start"
COMPLETE = "complete"
SHARE = "share"
REPLACE = "replace"
ELEMENTS = "elements"
"""Change kinds (see ``projection.changes_for`` for their fields)."""


def apply_change(store: DocumentStore, change: Change) -> None:
    """Apply one change to the documents (read, modify, write within the transaction)."""
    kind, key = change[0], change[1]
    if kind == ORGANISATION:
        store.put(
            "organisation",
            key,
            "",
            {"type": change[2], "name": change[3], "uai": change[4], "members": {}},
        )
    elif kind == MEMBER:
        update(store, "organisation", key, lambda d: d["members"].update({change[2]: change[3]}))
    elif kind == LEARNER:
        found = store.get("learner", key)
        old = found[1] if found else {}
        store.put(
            "learner",
            key,
            change[2],
            {
                "organisation_id": change[2],
                "division": change[3],
                "first_name": change[4],
                "last_name": change[5],
                "birthdate": change[6],
                "national_student_id": change[7],
                "user_id": old.get("user_id", ""),
            },
        )
    elif kind == LINK:
        update(store, "learner", key, lambda d: d.update(user_id=change[2]))
    elif kind == CAMPAIGN:
        store.put(
            "campaign",
            key,
            change[2],
            {
                "organisation_id": change[2],
                "type": change[3],
                "name": change[4],
                "code": change[5],
                "target_profile_name": change[6],
                "skills": json.loads(change[7]),
                "external_id_label": change[8],
                "created_at": change[9],
                "archived_at": "",
            },
        )
    elif kind == ARCHIVE:
        update(store, "campaign", key, lambda d: d.update(archived_at=change[2]))
    elif kind == PARTICIPANT:
        store.put(
            "participant",
            key,
            change[2],
            {
                "campaign_id": change[2],
                "user_id": change[3],
                "learner_id": change[4],
                "participations": [],
            },
        )
    elif kind == START:
        _start(store, change)
    elif kind == COMPLETE:
        update(
            store,
            "participation",
            key,
            lambda d: d.update(status="TO_SHARE", completed_at=change[2]),
        )
    elif kind == SHARE:
        update(
            store,
            "participation",
            key,
            lambda d: d.update(status="SHARED", shared_at=change[2], results=json.loads(change[3])),
        )
    elif kind == REPLACE:
        found = store.get("participation", key)
        if found is not None:
            scope, doc = found
            doc.update(assessment_id=change[2], elements={})
            store.put("participation", key, scope, doc)
            store.put("assessment", change[2], scope, {"participation_id": key})
    elif kind == ELEMENTS:
        link = store.get("assessment", key)
        if link is not None:
            update(
                store,
                "participation",
                link[1]["participation_id"],
                lambda d: d["elements"].update(json.loads(change[2])),
            )


def _start(store: DocumentStore, change: Change) -> None:
    pid, participant_id, index, assessment_id, external_id, improving, started_at = change[1:8]
    found = store.get("participant", participant_id)
    assert found is not None  # Opened is saved with the first participation
    participant = found[1]
    campaign_id = participant["campaign_id"]
    for earlier in participant["participations"]:
        update(store, "participation", earlier, lambda d: d.update(improved=True))
    participant["participations"].append(pid)
    store.put("participant", participant_id, campaign_id, participant)
    store.put(
        "participation",
        pid,
        campaign_id,
        {
            "campaign_id": campaign_id,
            "participant_id": participant_id,
            "user_id": participant["user_id"],
            "learner_id": participant["learner_id"],
            "index": index,
            "assessment_id": assessment_id,
            "external_id": external_id,
            "improving": improving,
            "started_at": started_at,
            "status": "STARTED" if assessment_id else "TO_SHARE",
            "completed_at": "",
            "shared_at": "",
            "improved": False,
            "results": {},
            "elements": {},
        },
    )
    if assessment_id:
        store.put("assessment", assessment_id, campaign_id, {"participation_id": pid})
