"""``certledger audit verify|check-proof|replay|checkpoint|key``: the tamper-evident log."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from uuid import UUID

from api import bootstrap
from api.presenters.audit import (
    audit_log,
    replay_json,
    replay_table,
    session_audit,
    verification_json,
)
from api.settings import Settings
from domain.audit.proofs import check_bundle
from domain.errors import InvalidInputError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``audit`` command group to the top-level CLI parser."""
    audit = subparsers.add_parser("audit", help="tamper-evident log: verify, proofs, replay")
    asub = audit.add_subparsers(title="actions", metavar="ACTION", required=True)
    verify = asub.add_parser("verify", help="recompute the log from the store, check signatures")
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(func=_verify)
    check = asub.add_parser("check-proof", help="check a proof bundle offline (no store needed)")
    check.add_argument("proof", type=Path, help="inclusion or consistency bundle (JSON)")
    check.add_argument("--key", required=True, help="the log's verifier key (GET /ledger/key)")
    check.add_argument("--origin", help="expected origin line of the checkpoints")
    check.set_defaults(func=_check_proof)
    replay = asub.add_parser("replay", help="replay a session: re-derive questions, re-score")
    replay.add_argument("session_id", type=UUID)
    replay.add_argument("--json", type=Path, help="also write the report to this JSON file")
    replay.set_defaults(func=_replay)
    checkpoint = asub.add_parser("checkpoint", help="log what is new and sign a checkpoint now")
    checkpoint.set_defaults(func=_checkpoint)
    key = asub.add_parser("key", help="print the verifier key of this ledger's checkpoints")
    key.set_defaults(func=_key)


def _verify(args: argparse.Namespace) -> int:
    container = bootstrap.build(Settings(), read_models=["audit_log"])
    try:
        report = audit_log(container).verify()
    finally:
        container.close()
    if args.json:
        print(json.dumps(verification_json(report), indent=2))
    else:
        print(
            f"{report.events} events stored, {report.logged} logged, {report.checkpoints} "
            f"checkpoints, signed up to size {report.signed_size}"
        )
        for f in report.findings:
            print(f"{f.kind:<20} position {f.position:>8}  {f.detail}")
        print("audit verify: OK" if report.ok else "audit verify: FAILED")
    return 0 if report.ok else 1


def _check_proof(args: argparse.Namespace) -> int:
    try:
        bundle = json.loads(args.proof.read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise InvalidInputError(f"cannot read the proof {args.proof}: {e}") from None
    checked = check_bundle(bundle, args.key, args.origin)
    print(f"valid {checked.kind} proof: {checked.detail}")
    return 0


def _replay(args: argparse.Namespace) -> int:
    container = bootstrap.build(Settings(), read_models=["audit_log"])
    try:
        report = replay_json(session_audit(container).replay(args.session_id))
    finally:
        container.close()
    print(replay_table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0 if report["ok"] else 1


def _checkpoint(_: argparse.Namespace) -> int:
    container = bootstrap.build(Settings(), read_models=["audit_log"])
    try:
        container.runners["audit_log"].catch_up()
        issued = audit_log(container).checkpointer.issue()
    finally:
        container.close()
    print(issued.note if issued else "the log is empty: no checkpoint", end="")
    return 0


def _key(_: argparse.Namespace) -> int:
    container = bootstrap.build(Settings(), read_models=["audit_log"])
    try:
        print(audit_log(container).verifier_key)
    finally:
        container.close()
    return 0


__all__ = ["register"]
