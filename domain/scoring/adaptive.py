"""An adaptive v3 test in progress: the production path, one estimator update per answer.

``AdaptiveTest`` gives the same candidates as ``possible_next_challenges`` recomputed from scratch,
but keeps the likelihood state so that recording an answer costs one grid update.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.errors import ScoringInputError
from domain.scoring.configuration import V3_NEXT_CHALLENGE, FlashConfiguration
from domain.scoring.flash import IncrementalEstimator
from domain.scoring.inputs import Answer, AnswerStatus, ChallengePool
from domain.scoring.results import CapacityEstimate, NextChallenges
from domain.scoring.selection import AnsweredFacts, candidates_after, check_answer_count

__all__ = ["AdaptiveTest"]


class AdaptiveTest:
    """State of one candidate's test over a fixed pool: answers so far and the running estimate.

    Starts at ``initial_capacity`` or the configured default capacity (-3); applies the
    configured variation limit. Answers must arrive in chronological order.
    """

    __slots__ = ("_answered", "_estimator", "configuration", "pool")

    def __init__(
        self,
        pool: ChallengePool,
        configuration: FlashConfiguration,
        initial_capacity: float | None = None,
    ) -> None:
        self.pool = pool
        self.configuration = configuration
        start = (
            configuration.default_candidate_capacity
            if initial_capacity is None
            else initial_capacity
        )
        self._estimator = IncrementalEstimator(start, configuration.variation_percent)
        self._answered: list[int] = []

    @classmethod
    def replay(
        cls,
        pool: ChallengePool,
        configuration: FlashConfiguration,
        answers: Sequence[Answer],
        initial_capacity: float | None = None,
    ) -> AdaptiveTest:
        """Rebuild a test with ``answers`` already recorded (for instance, rebuilt from events)."""
        test = cls(pool, configuration, initial_capacity)
        for answer in answers:
            test.record(answer.challenge_id, answer.status)
        return test

    @property
    def capacity(self) -> float:
        """The current capacity estimate."""
        return self._estimator.capacity

    @property
    def history(self) -> tuple[CapacityEstimate, ...]:
        """One estimate per recorded answer."""
        return tuple(self._estimator.history)

    @property
    def answer_count(self) -> int:
        """Number of answers recorded so far."""
        return len(self._answered)

    def next_challenges(self) -> NextChallenges:
        """Up to five candidates at the current capacity; empty once the test is complete."""
        facts = AnsweredFacts(tuple(self._answered))
        return NextChallenges(
            capacity=self.capacity,
            candidate_ids=candidates_after(self.pool, facts, self.capacity, self.configuration),
            algorithm=V3_NEXT_CHALLENGE,
            configuration=self.configuration,
        )

    def record(self, challenge_id: str, status: AnswerStatus) -> CapacityEstimate:
        """Fold one answer in; refuses an unknown or repeated challenge and a surplus answer."""
        answer = Answer(challenge_id, status)
        check_answer_count(len(self._answered) + 1, self.configuration)
        at = self.pool.locate(challenge_id)
        if at in self._answered:
            raise ScoringInputError(f"challenge {challenge_id!r} is answered more than once")
        self._answered.append(at)
        return self._estimator.add(
            float(self.pool.discriminants[at]), float(self.pool.difficulties[at]), answer.is_ok
        )
