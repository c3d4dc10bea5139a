"""``certledger check-bank`` and ``check-framework``: validate content before installing it."""

from __future__ import annotations

import argparse
from pathlib import Path

from api import bootstrap
from api.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the content checks to the top-level CLI parser."""
    check_bank = subparsers.add_parser(
        "check-bank", help="validate an item bank file; exit 1 on any fault"
    )
    check_bank.add_argument("file", type=Path)
    check_bank.set_defaults(func=_check_bank)

    check_fw = subparsers.add_parser(
        "check-framework", help="validate the configured framework version"
    )
    check_fw.set_defaults(func=_check_framework)


def _check_bank(args: argparse.Namespace) -> int:
    settings = Settings()
    framework, _ = bootstrap.load_content(settings.model_copy(update={"bank_file": None}))
    from domain.bank import load_bank_file

    bank = load_bank_file(args.file, framework)
    print(
        f"{args.file}: bank {bank.key} is valid for {framework.key}: {len(bank.tubes)} tubes, "
        f"{len(bank.skills)} skills, {len(bank.challenges)} challenges"
    )
    thin = [
        c.code
        for c in framework.competences
        if len(bank.servable_challenges(c.code)) < 40
        or len({x.tube_id for x in bank.servable_challenges(c.code)}) < 6
    ]
    if thin:
        print(
            f"warning: fewer than 40 servable challenges or 6 tubes for {', '.join(thin)}: "
            "a 32-question v3 test may run short there"
        )
    return 0


def _check_framework(_: argparse.Namespace) -> int:
    settings = Settings()
    from domain.framework import load_framework

    f = load_framework(
        settings.framework_id, settings.framework_version, settings.max_reachable_level
    )
    print(
        f"framework {f.key} is valid: {len(f.areas)} areas, {len(f.competences)} competences, "
        f"{len(f.levels)} levels, reachable level {f.max_reachable_level}"
    )
    return 0
