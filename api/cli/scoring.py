"""``certledger scoring ...``: the scoring engines as JSON-in/JSON-out commands.

Input is one JSON object on stdin or in ``--input FILE``; output is one JSON object on stdout
(snake_case keys). ``simulate`` takes flags instead and also prints a table on stderr. The
commands validate with the HTTP schemas and call the same handlers as ``/admin/scoring``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ValidationError

from api.routes import scoring as handlers
from api.schemas.scoring import (
    ChallengeIn,
    ChallengesConfigurationIn,
    DegradeCreate,
    EstimateCreate,
    NextChallengesCreate,
    ScoreCreate,
    SimulationCreate,
    SimulationPublic,
    V2Create,
)

EXIT_BAD_INPUT = 2

_JSON_COMMANDS: dict[str, tuple[str, type[BaseModel], Callable[[Any], BaseModel]]] = {
    "estimate": ("flash capacity history of the answers", EstimateCreate, handlers.create_estimate),
    "next": (
        "capacity and up to 5 next challenges",
        NextChallengesCreate,
        handlers.create_next_challenges,
    ),
    "score": (
        "pix score, mesh and competence levels of a capacity",
        ScoreCreate,
        handlers.create_score,
    ),
    "degrade": (
        "capacity degraded for a candidate who left early",
        DegradeCreate,
        handlers.create_degradation,
    ),
    "v2": ("v2 reproducibility rate, marks and status", V2Create, handlers.create_v2_score),
}


class _BadInputError(Exception):
    """Input the command cannot read; reported on stderr with exit code 2."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``scoring`` command group to the top-level CLI parser."""
    scoring = subparsers.add_parser(
        "scoring", help="scoring engines (v3, v2) as JSON-in/JSON-out commands"
    )
    commands = scoring.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for name, (summary, schema, handler) in _JSON_COMMANDS.items():
        command = commands.add_parser(name, help=summary, description=summary)
        command.add_argument("--input", type=Path, help="JSON file (default: stdin)")
        command.set_defaults(func=_json_command(name, schema, handler))
    simulate = commands.add_parser(
        "simulate", help="seeded simulated candidates through the whole v3 test"
    )
    simulate.add_argument(
        "--capacities", default="-2,-1,0,1,2,3", help="comma-separated true capacities"
    )
    simulate.add_argument("--candidates", type=int, default=20, help="candidates per capacity")
    simulate.add_argument("--seed", type=int, default=0)
    simulate.add_argument("--bank", type=Path, help="JSON list of challenge objects")
    simulate.set_defaults(func=_simulate)


def _read_json(path: Path | None, stdin: TextIO) -> Any:
    try:
        text = path.read_text(encoding="utf-8") if path else stdin.read()
    except OSError as e:
        raise _BadInputError(f"cannot read {path}: {e.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise _BadInputError(f"malformed JSON: {e}") from None


def _validated(schema: type[BaseModel], data: Any) -> Any:
    try:
        return schema.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'input'}: {err['msg']}" for err in e.errors()
        )
        raise _BadInputError(f"invalid input: {problems}") from None


def _emit(result: BaseModel) -> None:
    print(json.dumps(result.model_dump(mode="json"), indent=2))


def _fail(command: str, error: _BadInputError) -> int:
    print(f"certledger scoring {command}: {error}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _json_command(
    name: str, schema: type[BaseModel], handler: Callable[[Any], BaseModel]
) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            body = _validated(schema, _read_json(args.input, sys.stdin))
        except _BadInputError as e:
            return _fail(name, e)
        _emit(handler(body))
        return 0

    return run


def _simulate(args: argparse.Namespace) -> int:
    try:
        capacities = [float(c) for c in args.capacities.split(",") if c.strip()]
    except ValueError:
        return _fail("simulate", _BadInputError(f"--capacities: not numbers: {args.capacities!r}"))
    if not capacities or args.candidates < 1:
        return _fail("simulate", _BadInputError("needs capacities and --candidates >= 1"))
    try:
        bank = _read_bank(args.bank) if args.bank else None
        body = SimulationCreate.model_construct(
            capacities=capacities,
            candidates_per_capacity=args.candidates,
            seed=args.seed,
            configuration=ChallengesConfigurationIn(),
            global_intervals=None,
            challenges=bank,
        )
    except _BadInputError as e:
        return _fail("simulate", e)
    report = handlers.create_simulation(body)
    _print_table(report)
    _emit(report)
    return 0


def _read_bank(path: Path) -> list[ChallengeIn]:
    data = _read_json(path, sys.stdin)
    if not isinstance(data, list):
        raise _BadInputError(f"{path}: expected a JSON list of challenge objects")
    return [_validated(ChallengeIn, c) for c in data]


def _print_table(report: SimulationPublic) -> None:
    headers = ["true θ", "n", "bias", "RMSE", "mean pix", "min", "max", "coverage"]
    rows = [
        [
            f"{r.true_capacity:.2f}",
            str(r.candidates),
            f"{r.bias:+.3f}",
            f"{r.rmse:.3f}",
            f"{r.mean_pix_score:.1f}",
            str(r.min_pix_score),
            str(r.max_pix_score),
            f"{r.mean_competence_coverage:.0%}",
        ]
        for r in report.rows
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    out = sys.stderr
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True)), file=out)
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)), file=out)
    meshes = ", ".join(f"{k}: {v}" for k, v in report.mesh_distribution.items())
    print(f"reached meshes: {meshes}", file=out)
