"""The "flash" capacity estimation: grid posterior mean with a prior re-centred on every answer.

Two paths compute the same numbers: ``estimate_capacity_history`` from scratch (likelihood of every
step by a cumulative product) and ``IncrementalEstimator`` (one multiplication per answer, for the
production path). Both keep the likelihood un-normalised, exactly as specified, so they agree to
the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from domain.scoring.inputs import Answer, ChallengePool
from domain.scoring.irt import success_probability
from domain.scoring.results import CapacityEstimate

__all__ = [
    "CAPACITY_GRID",
    "DEFAULT_ERROR_RATE",
    "IncrementalEstimator",
    "estimate_capacity_history",
    "limit_variation",
]

FloatArray = npt.NDArray[np.float64]

DEFAULT_ERROR_RATE: Final = 5.0
_PRIOR_VARIANCE: Final = 1.5
_GAUSSIAN_SCALE: Final = math.sqrt(_PRIOR_VARIANCE) * math.sqrt(2 * math.pi)
# Half the grid step, as specified (a quirk kept for reproducibility).
_SHEPPARD_CORRECTION: Final = (9 / 80) ** 2 / 12


def _accumulated_grid() -> FloatArray:
    # Accumulating the step (not -9 + k*step) reproduces the specified points bit for bit.
    points: list[float] = []
    x = -9.0
    while x < 9:
        points.append(x)
        x += 18 / 80
    grid = np.array(points, dtype=np.float64)
    grid.setflags(write=False)
    return grid


CAPACITY_GRID: Final[FloatArray] = _accumulated_grid()


def limit_variation(raw: float, previous: float, variation_percent: float | None) -> float:
    """Clamp the move from ``previous`` to ``raw`` to ±gap; no limit when the percent is 0/None.

    gap = v when -v < previous < v ("small capacity"), else |previous·v|.
    """
    if not variation_percent:
        return raw
    v = variation_percent
    gap = v if -v < previous < v else abs(previous * v)
    return min(raw, previous + gap) if raw > previous else max(raw, previous - gap)


def _sequential_sum(values: FloatArray) -> float:
    # The spec sums left to right; numpy's pairwise sum would differ in the last bits.
    return float(np.cumsum(values)[-1])


def _prior(center: float) -> FloatArray:
    deviation = CAPACITY_GRID - center
    density = np.exp(-(deviation * deviation) / (2 * _PRIOR_VARIANCE)) / _GAUSSIAN_SCALE
    return np.asarray(density / _sequential_sum(density), dtype=np.float64)


def _step(likelihood: FloatArray, previous: float, variation: float | None) -> CapacityEstimate:
    posterior = likelihood * _prior(previous)
    posterior /= _sequential_sum(posterior)
    raw = _sequential_sum(CAPACITY_GRID * posterior)
    capacity = limit_variation(raw, previous, variation)
    deviation = CAPACITY_GRID - capacity
    variance = _sequential_sum(posterior * (deviation * deviation)) - _SHEPPARD_CORRECTION
    # A posterior narrower than the correction would give sqrt of a negative: report 0 instead
    # (docs/decisions/0103-error-rate-floor.md).
    return CapacityEstimate(capacity=capacity, error_rate=math.sqrt(max(variance, 0.0)))


def _answer_probabilities(
    discriminant: float | FloatArray,
    difficulty: float | FloatArray,
    is_ok: bool | npt.NDArray[np.bool_],
) -> FloatArray:
    p = success_probability(CAPACITY_GRID, discriminant, difficulty)
    if isinstance(is_ok, bool):
        return p if is_ok else 1.0 - p
    return np.asarray(np.where(is_ok, p, 1.0 - p), dtype=np.float64)


def estimate_capacity_history(
    pool: ChallengePool,
    answers: Sequence[Answer],
    initial_capacity: float = 0.0,
    variation_percent: float | None = None,
) -> tuple[CapacityEstimate, ...]:
    """Capacity and error rate after each answer, in answer order, computed from scratch.

    Answers must be chronological (the estimate is order-dependent). The start is
    ``initial_capacity`` (0 when flash is called directly; the v3 test passes its configured -3).
    With no answer the history is empty and the estimate is ``(initial_capacity,
    DEFAULT_ERROR_RATE)``; an answer on a challenge missing from the pool is a ScoringInputError.
    Capacities stay inside (-9, 9).
    """
    if not answers:
        return ()
    at = pool.locate_answers(answers)
    outcomes = np.array([a.is_ok for a in answers], dtype=np.bool_)[:, np.newaxis]
    per_answer = _answer_probabilities(
        pool.discriminants[at][:, np.newaxis], pool.difficulties[at][:, np.newaxis], outcomes
    )
    likelihoods = np.cumprod(per_answer, axis=0)
    history: list[CapacityEstimate] = []
    capacity = initial_capacity
    for likelihood in likelihoods:
        estimate = _step(likelihood, capacity, variation_percent)
        history.append(estimate)
        capacity = estimate.capacity
    return tuple(history)


class IncrementalEstimator:
    """Running flash estimate: each answer costs one likelihood update on the 81-point grid.

    Equals ``estimate_capacity_history`` on the same answers, bit for bit: the likelihood is the
    same un-normalised running product, and the prior is re-centred on the running estimate.
    """

    __slots__ = ("_likelihood", "_variation", "estimate", "history")

    def __init__(
        self, initial_capacity: float = 0.0, variation_percent: float | None = None
    ) -> None:
        self._likelihood: FloatArray = np.ones_like(CAPACITY_GRID)
        self._variation = variation_percent
        self.estimate = CapacityEstimate(capacity=initial_capacity, error_rate=DEFAULT_ERROR_RATE)
        self.history: list[CapacityEstimate] = []

    @property
    def capacity(self) -> float:
        """The current capacity (the start capacity before any answer)."""
        return self.estimate.capacity

    def add(self, discriminant: float, difficulty: float, is_ok: bool) -> CapacityEstimate:
        """Fold one answer on a challenge (a, b) into the estimate and return the new estimate."""
        self._likelihood = self._likelihood * _answer_probabilities(discriminant, difficulty, is_ok)
        self.estimate = _step(self._likelihood, self.estimate.capacity, self._variation)
        self.history.append(self.estimate)
        return self.estimate

    def copy(self) -> IncrementalEstimator:
        """Return an independent estimator in the same state (to explore without committing)."""
        twin = IncrementalEstimator(self.estimate.capacity, self._variation)
        twin._likelihood = self._likelihood.copy()
        twin.estimate = self.estimate
        twin.history = list(self.history)
        return twin
