"""The certification step of ``certledger demo``: a whole supervised v3 session, then results.

Ten seeded candidates with spread true capacities build a certifiable profile, are enrolled by
CSV, reconcile, get the invigilator's go-ahead and sit the adaptive test, answering with the
IRT probability of each question's calibration. One leaves early, one is stopped by the
invigilator; a live alert is validated; two incidents are reported; the centre finalises and
every course is scored. Finally one course is rescored from its events and compared.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

import numpy as np

from api.bootstrap import Container
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.bank.solution_check import checkable
from domain.certification.delivery import result_record, score_course
from domain.checking import solution_as_answer
from domain.positioning.simulation import position_learner, wrong_answer

Say = Callable[[str], None]
CANDIDATES = (
    ("Inès", "Bernard", -1.5),
    ("Hugo", "Petit", -0.8),
    ("Jade", "Robert", -0.2),
    ("Lucas", "Richard", 0.3),
    ("Manon", "Durand", 0.8),
    ("Nathan", "Moreau", 1.2),
    ("Océane", "Simon", 1.7),
    ("Paul", "Laurent", 2.2),
    ("Romane", "Lefebvre", 2.8),
    ("Sacha", "Michel", 3.4),
)
LEAVES_EARLY, STOPPED = 6, 8
"""Océane leaves after 18 questions (candidate reason); Romane is stopped after 10."""


def run_certification_demo(container: Container, say: Say, *, start: datetime, seed: int) -> int:
    """Run one whole session and print its results table; 0 when rescoring matches."""
    ledger = container.ledger
    rng = np.random.default_rng(seed)
    staff, invigilator = Actor.system("demo-centre"), Actor.system("demo-invigilator")
    centre = ledger.register_centre(
        name="Centre Pix de démonstration",
        centre_type="PRO",
        external_id=None,
        at=start,
        actor=staff,
    )
    session_id = ledger.create_session(
        centre_id=centre,
        at=start,
        actor=staff,
        rng=random.Random(seed),
        details={
            "address": "Campus de démonstration",
            "room": "A1",
            "examiner": "Mme Demo",
            "date": start.date().isoformat(),
            "time": "14:00",
        },
    )
    session = ledger.get_session(session_id)
    say(f"session {session_id}: access code {session.access_code}, {len(CANDIDATES)} candidates")
    learners = [_certifiable_learner(ledger, rng, start, n) for n in range(len(CANDIDATES))]
    csv = (
        "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,billing_mode\n"
        + "".join(
            f"{first},{last},F,2004-0{1 + n % 9}-1{n % 9},FRANCE,75056,FREE\n"
            for n, (first, last, _) in enumerate(CANDIDATES)
        )
    )
    candidate_ids = ledger.import_candidates(session_id, csv.encode(), at=start, actor=staff)
    t0 = start + timedelta(hours=5)
    courses: list[UUID] = []
    for n, ((first, last, _), learner, candidate) in enumerate(
        zip(CANDIDATES, learners, candidate_ids, strict=True)
    ):
        me = Actor(id=str(learner), role="CANDIDATE")
        birthdate = datetime.fromisoformat(f"2004-0{1 + n % 9}-1{n % 9}").date()
        ledger.reconcile_candidate(
            session_id,
            user_id=learner,
            first_name=first,
            last_name=last,
            birthdate=birthdate,
            at=t0,
            actor=me,
        )
        ledger.authorize_candidate(session_id, candidate, purpose="start", at=t0, actor=invigilator)
        courses.append(
            ledger.enter_session(
                session_id,
                access_code=session.access_code,
                user_id=learner,
                locale="fr-fr",
                at=t0 + timedelta(minutes=1),
                actor=me,
                rng=random.Random(seed + n),
            )
        )
    answered = [
        _sit(ledger, course, CANDIDATES[n][2], rng, t0, learners[n], n, invigilator)
        for n, course in enumerate(courses)
    ]
    ledger.end_course_by_invigilator(
        courses[STOPPED], at=t0 + timedelta(minutes=40), actor=invigilator
    )
    ledger.add_issue_report(
        session_id,
        courses[2],
        {"category": "IN_CHALLENGE", "subcategory": "SOFTWARE_NOT_WORKING", "question_number": 4},
        at=t0,
        actor=staff,
    )
    ledger.add_issue_report(
        session_id,
        courses[LEAVES_EARLY],
        {
            "category": "NON_BLOCKING_CANDIDATE_ISSUE",
            "description": "left the room after 18 questions",
        },
        at=t0,
        actor=staff,
    )
    say("2 incidents reported; the invigilator stopped one test; one candidate left early")
    results = ledger.finalize_session(
        session_id,
        examiner_global_comment="Session de démonstration",
        has_incident=True,
        has_joining_issue=False,
        at=t0 + timedelta(hours=3),
        actor=staff,
        abort_reasons={courses[LEAVES_EARLY]: "candidate", courses[STOPPED]: "technical"},
    )
    say(
        f"  {'candidate':<18}{'true θ':>7}{'answers':>8}  {'status':<18}"
        f"{'θ est.':>7}{'pix':>5}{'mesh':>5}"
    )
    for (first, last, theta), n_answers, result in zip(CANDIDATES, answered, results, strict=True):
        capacity = "-" if result["capacity"] is None else f"{result['capacity']:.2f}"
        pix = "-" if result["pix_score"] is None else str(result["pix_score"])
        mesh = "-" if result["mesh_index"] is None else str(result["mesh_index"])
        status = result["status"] if not result["auto_jury_comment"] else f"{result['status']}*"
        say(
            f"  {first + ' ' + last:<18}{theta:>7.1f}{n_answers:>8}  {status:<18}"
            f"{capacity:>7}{pix:>5}{mesh:>5}"
        )
    say("  * with an auto-jury comment (e.g. too few answers, cancelled for a technical reason)")
    replayed = ledger.get_course(courses[0])
    same = result_record(score_course(replayed, ledger.bank)) == replayed.results[-1]
    verdict = "same result" if same else "DIFFERENT"
    say(f"course of {CANDIDATES[0][0]} rescored from its recorded events: {verdict}")
    return 0 if same else 1


def _certifiable_learner(
    ledger: CertificationLedger, rng: np.random.Generator, start: datetime, n: int
) -> UUID:
    learner = UUID(bytes=rng.bytes(16), version=4)
    actor = Actor(id=str(learner), role="LEARNER")
    for code in ("1.1", "2.2", "3.3", "4.1", "5.2"):
        position_learner(
            ledger, learner, code, 3.0, rng, start=start - timedelta(days=30 + n), actor=actor
        )
    return learner


def _sit(
    ledger: CertificationLedger,
    course: UUID,
    theta: float,
    rng: np.random.Generator,
    t0: datetime,
    learner: UUID,
    n: int,
    invigilator: Actor,
) -> int:
    me, limit = Actor(id=str(learner), role="CANDIDATE"), {LEAVES_EARLY: 18, STOPPED: 10}.get(n, 99)
    clock, given, alerted = t0 + timedelta(minutes=2), 0, False
    while given < limit and not ledger.get_course(course).is_ended:
        clock += timedelta(seconds=int(rng.integers(20, 120)))
        challenge_id = ledger.current_question(course, at=clock, actor=me, rng=rng)
        if challenge_id is None:
            break
        if n == 3 and given == 5 and not alerted:  # a broken question: alerted, then replaced
            alerted = True
            ledger.raise_live_alert(course, challenge_id, at=clock, actor=me)
            ledger.validate_live_alert(course, "IMAGE_NOT_DISPLAYING", at=clock, actor=invigilator)
            continue
        challenge = ledger.bank.challenge(challenge_id)
        a, b = challenge.calibration.discriminant, challenge.calibration.difficulty
        right = rng.random() < 1 / (1 + math.exp(-a * (theta - b)))
        value = solution_as_answer(checkable(challenge)) if right else wrong_answer(challenge)
        ledger.answer_question(
            course, challenge_id, value, at=clock + timedelta(seconds=5), actor=me
        )
        given += 1
    return given
