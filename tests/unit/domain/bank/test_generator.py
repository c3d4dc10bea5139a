from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from domain.bank import DEFAULT_BANK_FILE

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "generate_bank.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_bank", SCRIPT)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_bank"] = module
    spec.loader.exec_module(module)
    return module


def test_shipped_bank_is_exactly_what_the_seeded_script_generates() -> None:
    gen = load_script()
    shipped = json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8"))
    assert gen.generate(gen.SEED) == shipped


def test_another_seed_gives_another_bank() -> None:
    gen = load_script()
    assert gen.generate(1) != gen.generate(2)
