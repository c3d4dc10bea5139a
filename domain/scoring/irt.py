"""The 2PL item response model: success probability and Fisher information (reward)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["fisher_information", "success_probability"]

FloatArray = npt.NDArray[np.float64]


def success_probability(
    capacity: float | FloatArray, discriminant: float | FloatArray, difficulty: float | FloatArray
) -> FloatArray:
    """P(θ; a, b) = 1 / (1 + exp(a·(b - θ))): logistic, no guessing, no 1.7 scaling.

    Broadcasts over its arguments; values lie in [0, 1] (exactly 0 or 1 at the extremes of double).
    """
    with np.errstate(over="ignore"):
        exponent = np.exp(np.multiply(discriminant, np.subtract(difficulty, capacity)))
    return np.asarray(1.0 / (1.0 + exponent), dtype=np.float64)


def fisher_information(
    capacity: float | FloatArray, discriminant: float | FloatArray, difficulty: float | FloatArray
) -> FloatArray:
    """I(θ; a, b) = P·(1 - P)·a², the reward that ranks challenges (0 when P rounds to 0 or 1)."""
    p = success_probability(capacity, discriminant, difficulty)
    return np.asarray(p * (1.0 - p) * np.square(discriminant), dtype=np.float64)
