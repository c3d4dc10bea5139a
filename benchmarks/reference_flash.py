"""A plain pure-Python v3 test (flash estimation + selection), for benchmarking only.

Written straight from the spec's formulas with lists and the math module, recomputing the whole
estimate from scratch before every question, as the reference implementation does. It is the
yardstick the numpy engine in ``domain.scoring`` is compared with; production code never uses it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def grid() -> list[float]:
    points = []
    x = -9.0
    while x < 9:
        points.append(x)
        x += 18 / 80
    return points


GRID = grid()
SCALE = math.sqrt(1.5) * math.sqrt(2 * math.pi)


@dataclass(frozen=True)
class Item:
    id: str
    a: float
    b: float
    competence: str
    tube: str
    skill: str


def probability(theta: float, a: float, b: float) -> float:
    return 1 / (1 + math.exp(a * (b - theta)))


def estimate_history(
    answered: Sequence[tuple[Item, bool]], start: float, variation: float | None
) -> list[tuple[float, float]]:
    likelihood = [1.0] * len(GRID)
    theta = start
    history = []
    for item, ok in answered:
        density = [math.exp(-((x - theta) * (x - theta)) / 3.0) / SCALE for x in GRID]
        total = sum(density)
        prior = [d / total for d in density]
        for k, x in enumerate(GRID):
            p = 1 / (1 + math.exp(item.a * (item.b - x)))
            likelihood[k] *= p if ok else 1 - p
        posterior = [lk * pk for lk, pk in zip(likelihood, prior, strict=True)]
        total = sum(posterior)
        posterior = [q / total for q in posterior]
        raw = sum(x * q for x, q in zip(GRID, posterior, strict=True))
        if variation:
            gap = variation if -variation < theta < variation else abs(theta * variation)
            raw = min(raw, theta + gap) if raw > theta else max(raw, theta - gap)
        theta = raw
        variance = sum(
            q * ((x - theta) * (x - theta)) for x, q in zip(GRID, posterior, strict=True)
        )
        history.append((theta, math.sqrt(max(variance - (9 / 80) ** 2 / 12, 0.0))))
    return history


def candidates(
    pool: Sequence[Item],
    answered: Sequence[Item],
    theta: float,
    between: int,
    one_per_tube: bool,
    all_competences: bool,
) -> list[str]:
    if one_per_tube:
        tubes = {i.tube for i in answered}
        available = [c for c in pool if c.tube not in tubes]
    else:
        skills = {i.skill for i in answered}
        available = [c for c in pool if c.skill not in skills]
    if all_competences:
        seen = {i.competence for i in answered}
        remaining = [c for c in pool if c.competence not in seen]
        if remaining:
            available = remaining
    if between > 0 and answered:
        recent = {i.competence for i in answered[-between:]}
        spaced = [c for c in available if c.competence not in recent]
        if spaced:
            available = spaced
    rewards = []
    for c in available:
        p = probability(theta, c.a, c.b)
        rewards.append((p * (1 - p) * (c.a * c.a), c.id))
    ranked = sorted(rewards, key=lambda r: -r[0])  # sorted() is stable
    return [cid for _, cid in ranked[:5]]


def pick(draws: list[float], count: int, percent: float) -> int:
    rank = 0
    while rank < count - 1 and percent < 100:
        if draws.pop(0) < percent:
            break
        rank += 1
    return rank
