"""The v3 engine applied to a course: its pool, its next question, its score.

Pure functions of the course's recorded state and the bank; the command records what they
return (the pick's draws included), so a replay never calls them again.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from domain.bank import ItemBank
from domain.certification.course import CertificationCourse
from domain.scoring import (
    AdaptiveTest,
    Answer,
    CalibratedChallenge,
    ChallengePool,
    FlashConfiguration,
    exclude_live_alerts,
    pick_rank,
    replay_pick,
)
from domain.scoring.configuration import V3ScoringConfiguration
from domain.scoring.inputs import AnswerStatus
from domain.scoring.results import V3Result
from domain.scoring.v3_result import score_v3

TEST_MINUTES = 105
"""1 h 45 for the test itself (seed rule), lengthened by the candidate's extra-time ratio."""
ACCESSIBLE = frozenset({"blind_compatible", "color_blind_compatible"})
_POOLS: dict[tuple[str, str, str, bool], tuple[CalibratedChallenge, ...]] = {}
MAX_CACHED_POOLS = 256
_COURSE_POOLS: OrderedDict[tuple[str, str, str, bool, tuple[str, ...]], ChallengePool] = (
    OrderedDict()
)
_CACHE_LOCK = threading.Lock()


def time_limit_seconds(extra_time_ratio: float) -> int:
    """Seconds allowed for the test: 105 minutes times (1 + extra time)."""
    return round(TEST_MINUTES * 60 * (1 + extra_time_ratio))


def eligible_challenges(
    bank: ItemBank, locale: str, accessibility_adjusted: bool
) -> tuple[CalibratedChallenge, ...]:
    """Served-status challenges in the candidate's locale (accessible ones if adjusted), by id.

    Cached per bank file, locale and adjustment: the bank never changes under a given hash.
    """
    key = (bank.key, bank.sha256, locale, accessibility_adjusted)
    if key not in _POOLS:
        _POOLS[key] = tuple(
            CalibratedChallenge(
                id=c.id,
                discriminant=c.calibration.discriminant,
                difficulty=c.calibration.difficulty,
                competence_id=c.competence_code,
                tube_id=c.tube_id,
                skill_id=c.skill_id,
            )
            for c in bank.servable_challenges()
            if locale in c.locales and (not accessibility_adjusted or c.accessibility >= ACCESSIBLE)
        )
    return _POOLS[key]


def course_pool(course: CertificationCourse, bank: ItemBank) -> ChallengePool:
    """The course's pool, minus the challenges and skills of validated live alerts.

    Memoised on what it depends on (bank file, locale, adjustment, alerts): building the numpy
    pool costs milliseconds and every question of every candidate in a session asks for it.
    """
    key = (
        bank.key,
        bank.sha256,
        course.locale,
        course.accessibility_adjusted,
        tuple(sorted(course.validated_alerts)),
    )
    with _CACHE_LOCK:
        pool = _COURSE_POOLS.get(key)
        if pool is not None:
            _COURSE_POOLS.move_to_end(key)
            return pool
    pool = ChallengePool.of(_without_alerted(course, bank))
    with _CACHE_LOCK:
        _COURSE_POOLS[key] = pool
        while len(_COURSE_POOLS) > MAX_CACHED_POOLS:
            _COURSE_POOLS.popitem(last=False)
    return pool


def course_answers(course: CertificationCourse) -> list[Answer]:
    """The course's answers in order, as the engine sees them (alerted ones never answered)."""
    # Statuses were produced by the examiner, so they are always AnswerStatus values.
    return [
        Answer(challenge_id, cast(AnswerStatus, status))
        for challenge_id, _, status in course.answers
    ]


def flash_configuration(course: CertificationCourse) -> FlashConfiguration:
    """The configuration recorded when the course started."""
    return FlashConfiguration(**course.configuration)


@dataclass(frozen=True, slots=True)
class Choice:
    """The question to serve and how it was chosen (all of it goes into the event)."""

    challenge_id: str
    capacity: float
    candidate_ids: tuple[str, ...]
    draws: tuple[float, ...]
    rank: int


class FoldedTest:
    """A course's adaptive test kept between answers: each new answer folded in, not replayed.

    ``AdaptiveTest.replay`` re-estimates the capacity from the first answer on every question;
    this keeps the test and folds in only the answers recorded since. It is rebuilt from the
    course whenever it no longer fits: another pool (a validated live alert), or answers that
    are not a continuation of those it folded (a course reloaded after a lost race). So it
    always equals ``AdaptiveTest.replay`` on the course's recorded answers (property-tested).
    Not thread-safe: its owner serialises the commands of its course.
    """

    __slots__ = ("_folded", "_pool", "_test")

    def __init__(self) -> None:
        """An empty test; the first ``test_for`` builds it from the course."""
        self._pool: ChallengePool | None = None
        self._test: AdaptiveTest | None = None
        self._folded: list[tuple[str, str, str]] = []

    def test_for(self, course: CertificationCourse, bank: ItemBank) -> AdaptiveTest:
        """The course's adaptive test, brought up to its recorded answers."""
        pool = course_pool(course, bank)
        answers = course.answers
        done = len(self._folded)
        if (
            self._test is None
            or pool is not self._pool
            or len(answers) < done
            or answers[:done] != self._folded
        ):
            self._pool, self._folded = pool, []
            self._test = AdaptiveTest(pool, flash_configuration(course))
        for answer in answers[len(self._folded) :]:
            # Statuses were produced by the examiner, so they are always AnswerStatus values.
            self._test.record(answer[0], cast(AnswerStatus, answer[2]))
            self._folded.append(answer)
        return self._test


def choose_next(
    course: CertificationCourse,
    bank: ItemBank,
    rng: np.random.Generator,
    folded: FoldedTest | None = None,
) -> Choice | None:
    """The next question, or None when the test is complete (length reached or pool empty).

    With ``folded`` (the course's test kept by its caller) the answers are folded in since the
    last question instead of replayed from the first: the same choice, less work.
    """
    configuration = flash_configuration(course)
    if len(course.answers) >= configuration.maximum_assessment_length:
        return None
    if folded is None:
        test = AdaptiveTest.replay(course_pool(course, bank), configuration, course_answers(course))
    else:
        test = folded.test_for(course, bank)
    ranked = test.next_challenges()
    if not ranked.candidate_ids:
        return None
    pick = pick_rank(
        len(ranked.candidate_ids), configuration.default_probability_to_pick_challenge, rng
    )
    return Choice(
        challenge_id=ranked.candidate_ids[pick.rank],
        capacity=ranked.capacity,
        candidate_ids=ranked.candidate_ids,
        draws=pick.draws,
        rank=pick.rank,
    )


def replay_choice(configuration: FlashConfiguration, draws: list[float], candidates: int) -> int:
    """The rank a recorded pick gives back, without any generator (for audits)."""
    return replay_pick(draws, candidates, configuration.default_probability_to_pick_challenge)


def score_course(
    course: CertificationCourse,
    bank: ItemBank,
    *,
    scoring: V3ScoringConfiguration | None = None,
    rejected_for_fraud: bool = False,
    cancelled_by_jury: bool = False,
) -> V3Result:
    """Score a course from its recorded answers, configuration and abort reason."""
    configuration = flash_configuration(course)
    served = [c for c in _without_alerted(course, bank) if c.id in set(course.served)]
    abort = course.abort_reason if course.abort_reason in ("candidate", "technical") else None
    return score_v3(
        ChallengePool.of(served),
        ChallengePool.of(eligible_challenges(bank, course.locale, course.accessibility_adjusted)),
        course_answers(course),
        abort_reason=abort,  # type: ignore[arg-type]
        rejected_for_fraud=rejected_for_fraud,
        cancelled_by_jury=cancelled_by_jury,
        challenges_configuration=configuration,
        scoring_configuration=scoring,
    )


def result_record(result: V3Result) -> dict[str, Any]:
    """A V3Result as plain values for the ``Scored`` event (versions and configuration kept)."""
    scoring = result.configuration
    return {
        "status": result.status,
        "auto_jury_comment": result.auto_jury_comment,
        "pix_score": result.pix_score,
        "capacity": result.capacity,
        "mesh_index": result.mesh_index,
        "degraded": result.degraded,
        "competence_marks": [dataclasses.asdict(m) for m in result.competence_marks],
        "algorithm": {"name": result.algorithm.name, "version": result.algorithm.version},
        "scoring_configuration": {
            "global_intervals": [list(i) for i in scoring.global_intervals],
            "competence_intervals": {
                code: [list(i) for i in intervals]
                for code, intervals in scoring.competence_intervals.items()
            },
            "minimum_answers": scoring.minimum_answers,
        },
        "challenges_configuration": dataclasses.asdict(result.challenges_configuration),
    }


def _without_alerted(course: CertificationCourse, bank: ItemBank) -> list[CalibratedChallenge]:
    everything = eligible_challenges(bank, course.locale, course.accessibility_adjusted)
    if not course.validated_alerts:
        return list(everything)
    return list(exclude_live_alerts(everything, [], course.validated_alerts)[0])
