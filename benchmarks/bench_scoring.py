"""Benchmark: one 32-question v3 test (estimation + next-question selection) on 1,000 challenges.

Compares the numpy engine (``domain.scoring.AdaptiveTest``: incremental likelihood, vectorised
rules and ranking) with the plain pure-Python reference in ``benchmarks/reference_flash.py``
(which recomputes the estimate from scratch before each question). Both serve the same questions
from the same recorded draws; capacities must agree to 1e-12 and candidate lists exactly, or the
benchmark exits non-zero.

Run: ``python -m benchmarks.bench_scoring [--quick]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

import numpy as np

from benchmarks import reference_flash as ref
from benchmarks.report import print_table, write_json
from domain.scoring import AdaptiveTest, CalibratedChallenge, ChallengePool, FlashConfiguration
from domain.scoring.picking import pick_rank

POOL_SIZE = 1000
ANSWERS = 32
TOLERANCE = 1e-12


@dataclass(frozen=True)
class Run:
    served: list[str]
    candidates: list[list[str]]
    capacities: list[float]
    draws: list[list[float]]


def bank(seed: int) -> list[CalibratedChallenge]:
    rng = np.random.default_rng(seed)
    return [
        CalibratedChallenge(
            id=f"rec{i:04d}",
            discriminant=float(rng.uniform(0.4, 3.0)),
            difficulty=float(rng.normal(0.0, 2.0)),
            competence_id=f"c{i % 16}",
            tube_id=f"c{i % 16}t{(i // 16) % 10}",
            skill_id=f"c{i % 16}t{(i // 16) % 10}s{i // 160}",
        )
        for i in range(POOL_SIZE)
    ]


def run_engine(pool: ChallengePool, outcomes: list[bool], seed: int) -> Run:
    config = FlashConfiguration()
    rng = np.random.default_rng(seed)
    test = AdaptiveTest(pool, config)
    served, candidates, capacities, draws = [], [], [], []
    for ok in outcomes:
        ids = test.next_challenges().candidate_ids
        draw = pick_rank(len(ids), config.default_probability_to_pick_challenge, rng)
        chosen = ids[draw.rank]
        capacities.append(test.record(chosen, "ok" if ok else "ko").capacity)
        served.append(chosen)
        candidates.append(list(ids))
        draws.append(list(draw.draws))
    return Run(served, candidates, capacities, draws)


def run_reference(items: list[ref.Item], outcomes: list[bool], draws: list[list[float]]) -> Run:
    by_id = {i.id: i for i in items}
    answered: list[tuple[ref.Item, bool]] = []
    served, candidates, capacities = [], [], []
    for step, ok in enumerate(outcomes):
        history = ref.estimate_history(answered, -3.0, 0.5)
        theta = history[-1][0] if history else -3.0
        ids = ref.candidates(items, [i for i, _ in answered], theta, 2, True, True)
        chosen = ids[ref.pick(list(draws[step]), len(ids), 51.0)]
        answered.append((by_id[chosen], ok))
        served.append(chosen)
        candidates.append(ids)
    capacities = [c for c, _ in ref.estimate_history(answered, -3.0, 0.5)]
    return Run(served, candidates, capacities, draws)


def timed(repeat: int, action: object) -> float:
    """Median wall time of ``action()`` over ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def differences(engine: Run, reference: Run) -> list[str]:
    found = []
    if engine.served != reference.served:
        found.append("served challenges differ")
    if engine.candidates != reference.candidates:
        found.append("candidate lists differ")
    worst = max(abs(a - b) for a, b in zip(engine.capacities, reference.capacities, strict=True))
    if worst > TOLERANCE:
        found.append(f"capacities differ by {worst:.3e}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="few repeats (smoke test)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 25
    challenges = bank(args.seed)
    items = [
        ref.Item(c.id, c.discriminant, c.difficulty, c.competence_id, c.tube_id, c.skill_id)
        for c in challenges
    ]
    outcomes = [bool(u < 0.6) for u in np.random.default_rng(args.seed + 1).random(ANSWERS)]
    pool_seconds = timed(repeat, lambda: ChallengePool.of(challenges))
    pool = ChallengePool.of(challenges)

    engine = run_engine(pool, outcomes, args.seed + 2)
    reference = run_reference(items, outcomes, engine.draws)
    problems = differences(engine, reference)
    worst = max(abs(a - b) for a, b in zip(engine.capacities, reference.capacities, strict=True))

    engine_seconds = timed(repeat, lambda: run_engine(pool, outcomes, args.seed + 2))
    reference_seconds = timed(
        max(1, repeat // 5), lambda: run_reference(items, outcomes, engine.draws)
    )
    engine_us = engine_seconds / ANSWERS * 1e6
    reference_us = reference_seconds / ANSWERS * 1e6
    ratio = reference_us / engine_us
    print_table(
        f"v3 test: estimation + selection, {ANSWERS} answers, pool of {POOL_SIZE}",
        ["implementation", "µs per answer", "ms per test", "speed-up"],
        [
            ["pure Python (reference)", reference_us, reference_seconds * 1e3, 1.0],
            ["numpy engine (AdaptiveTest)", engine_us, engine_seconds * 1e3, ratio],
        ],
    )
    print(f"pool build (once per version): {pool_seconds * 1e3:.2f} ms")
    print(f"max |capacity difference|: {worst:.3e}; final capacity {engine.capacities[-1]:.6f}")
    write_json(
        "scoring",
        {
            "answers": ANSWERS,
            "pool_size": POOL_SIZE,
            "repeat": repeat,
            "engine_us_per_answer": engine_us,
            "reference_us_per_answer": reference_us,
            "speed_up": ratio,
            "pool_build_ms": pool_seconds * 1e3,
            "max_capacity_difference": worst,
            "identical": not problems,
        },
    )
    if problems:
        print("RESULTS DIFFER: " + "; ".join(problems))
        return 1
    if engine_us >= 1000 or ratio < 10:
        print("warning: below the aim (>= 10x faster and < 1 ms per answer)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
