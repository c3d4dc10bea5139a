"""Session replay for auditors: rebuild each course from its events and check every decision.

For each course of a session, events are applied one by one. Before each served question the
engine is asked again what it would have ranked (v3) or which question comes next (v2), and
the recorded draws are replayed without a generator to give back the rank picked. Each result
(the course's ``Scored`` events, then the jury case's ``ResultRecorded``) is recomputed with
the algorithm and configuration it records, and compared field by field. Zero differences
means the recorded history is exactly what the rules produce.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from uuid import UUID

from domain.bank import ItemBank
from domain.certification.course import CertificationCourse
from domain.certification.delivery import (
    course_answers,
    course_pool,
    flash_configuration,
    replay_choice,
    result_record,
    score_course,
)
from domain.certification.v2_course import V2CertificationCourse
from domain.certification.v2_delivery import v2_result_record
from domain.scoring import AdaptiveTest
from domain.scoring.configuration import V3ScoringConfiguration
from domain.stored_events import guarded

RESCORED_DECISIONS = {"rejected_for_fraud", "cancelled", "auto_jury", "rescored", "unrejected"}
"""Jury decisions whose result is a computation (replayed); others are human verdicts."""
HUMAN_VERDICTS = {"manual_result"}
"""Jury decisions whose result a person set: counted, never recomputed."""

JuryRescore = Callable[[Any, dict[str, Any]], dict[str, Any]]
"""The jury's own rescoring of a course from the inputs a recorded result carries
(``jury.rescoring``, given by the caller: the domain does not import the jury)."""


@dataclass(frozen=True, slots=True)
class Difference:
    """One recorded value that the replay does not reproduce."""

    course_id: UUID
    version: int
    what: str
    recorded: Any
    replayed: Any


@dataclass
class CourseReplay:
    """What was checked on one course, and every difference found."""

    course_id: UUID
    certification_version: int
    questions: int = 0
    results: int = 0
    jury_results: int = 0
    human_verdicts: int = 0
    differences: list[Difference] = field(default_factory=list)


def _plain(value: Any) -> Any:
    """Compare as stored: JSON values (tuples become lists, keys strings)."""
    return json.loads(json.dumps(value, default=str))


def replay_course(
    course_events: Sequence[Any],
    jury_events: Sequence[Any],
    bank: ItemBank,
    jury_rescore: JuryRescore | None = None,
) -> CourseReplay:
    """Replay one course's events (and its jury case's) against the rules; see module doc."""
    course: Any = None
    report: CourseReplay | None = None
    for ev in course_events:
        if course is not None and report is not None:
            if isinstance(ev, CertificationCourse.ChallengeServed):
                _check_question(course, ev, bank, report)
            elif isinstance(ev, CertificationCourse.Scored):
                _check_result(course, ev.result, bank, report, ev.originator_version, "result")
                report.results += 1
        course = guarded(
            f"aggregate {ev.originator_id} v{ev.originator_version}", partial(ev.mutate, course)
        )
        if report is None:
            report = CourseReplay(ev.originator_id, course.certification_version)
    assert report is not None, "a course has at least its start event"
    for ev in jury_events:
        if not hasattr(ev, "decision"):
            continue
        report.jury_results += 1
        if ev.decision in HUMAN_VERDICTS or (
            ev.decision not in RESCORED_DECISIONS and "inputs" not in ev.result
        ):
            report.human_verdicts += 1
            continue
        if jury_rescore is not None and "inputs" in ev.result:
            _compare(
                course.id, ev.originator_version, f"jury {ev.decision}", ev.result,
                jury_rescore(course, ev.result), report,
            )  # fmt: skip
            continue
        _check_result(
            course, ev.result, bank, report, ev.originator_version, f"jury {ev.decision}",
            rejected=ev.decision == "rejected_for_fraud", cancelled=ev.decision == "cancelled",
        )  # fmt: skip
    return report


def _check_question(course: Any, ev: Any, bank: ItemBank, report: CourseReplay) -> None:
    report.questions += 1
    v = ev.originator_version
    if isinstance(course, V2CertificationCourse):
        expected = course.questions[len(course.served)]["challenge_id"]
        if expected != ev.challenge_id:
            report.differences.append(
                Difference(course.id, v, "question (v2 order)", ev.challenge_id, expected)
            )
        return
    configuration = flash_configuration(course)
    test = AdaptiveTest.replay(course_pool(course, bank), configuration, course_answers(course))
    ranked = test.next_challenges()
    if list(ranked.candidate_ids) != list(ev.candidate_ids):
        report.differences.append(
            Difference(
                course.id,
                v,
                "ranked candidates",
                list(ev.candidate_ids),
                list(ranked.candidate_ids),
            )
        )
    if abs(float(ranked.capacity) - float(ev.capacity)) > 1e-12:
        report.differences.append(
            Difference(course.id, v, "capacity", ev.capacity, ranked.capacity)
        )
    rank = replay_choice(configuration, list(ev.draws), len(ev.candidate_ids))
    if rank != ev.rank:
        report.differences.append(Difference(course.id, v, "rank from draws", ev.rank, rank))
    picked = ev.candidate_ids[rank] if 0 <= rank < len(ev.candidate_ids) else None
    if picked != ev.challenge_id:
        report.differences.append(Difference(course.id, v, "question", ev.challenge_id, picked))


def _check_result(
    course: Any,
    recorded: dict[str, Any],
    bank: ItemBank,
    report: CourseReplay,
    version: int,
    what: str,
    *,
    rejected: bool = False,
    cancelled: bool = False,
) -> None:
    try:
        if isinstance(course, V2CertificationCourse):
            replayed = v2_result_record(course, bank)
        else:
            scoring = _scoring_configuration(recorded)
            replayed = result_record(
                score_course(
                    course, bank, scoring=scoring, rejected_for_fraud=rejected,
                    cancelled_by_jury=cancelled,
                )
            )  # fmt: skip
    except (ValueError, TypeError, KeyError) as e:
        report.differences.append(
            Difference(course.id, version, what, "recorded", f"cannot rescore: {e}")
        )
        return
    _compare(course.id, version, what, recorded, replayed, report)


def _compare(
    course_id: UUID,
    version: int,
    what: str,
    recorded: dict[str, Any],
    replayed: dict[str, Any],
    report: CourseReplay,
) -> None:
    """Every field whose recorded value the replay does not give back."""
    left, right = _plain(recorded), _plain(replayed)
    for key in sorted(set(left) | set(right)):
        if left.get(key) != right.get(key):
            report.differences.append(
                Difference(course_id, version, f"{what}.{key}", left.get(key), right.get(key))
            )


def _scoring_configuration(recorded: dict[str, Any]) -> V3ScoringConfiguration | None:
    """The scoring configuration a v3 result records (None: the defaults)."""
    c = recorded.get("scoring_configuration")
    if not c:
        return None
    return V3ScoringConfiguration(
        global_intervals=tuple((float(a), float(b)) for a, b in c["global_intervals"]),
        competence_intervals={
            code: tuple((float(a), float(b)) for a, b in intervals)
            for code, intervals in c["competence_intervals"].items()
        },
        minimum_answers=int(c["minimum_answers"]),
    )
