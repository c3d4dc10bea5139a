"""The lean request path (ADR 1501): access log, the process's generator, short commands."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from api.app import create_app
from api.cli.serve import server_config
from api.deps import INLINE, POOLED, get_rng, get_short_command
from api.settings import Settings


def test_the_access_log_is_off_by_default_and_on_when_configured(tmp_path: Path) -> None:
    quiet = Settings(database_url="memory://", home=tmp_path)
    loud = Settings(database_url="memory://", home=tmp_path, access_log=True)
    app = create_app(quiet)
    assert server_config(quiet, app, "127.0.0.1", 0).access_log is False
    assert server_config(loud, app, "127.0.0.1", 0).access_log is True


def test_the_access_log_setting_is_read_from_the_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("CERTLEDGER_ACCESS_LOG", "true")
    assert Settings().access_log is True


class _Container:
    def __init__(self, backend_url: str | None, home: Path) -> None:
        import numpy as np

        self.settings = Settings(database_url=backend_url, home=home)
        self.rng = np.random.default_rng()


def test_every_request_of_a_process_draws_from_one_generator(tmp_path: Path) -> None:
    container: Any = _Container("memory://", tmp_path)
    first = asyncio.run(get_rng(container))
    assert asyncio.run(get_rng(container)) is first is container.rng


def test_short_commands_run_on_the_event_loop_except_on_sqlite(tmp_path: Path) -> None:
    memory: Any = _Container("memory://", tmp_path)
    sqlite: Any = _Container(None, tmp_path)
    postgres: Any = _Container("postgresql://postgres@127.0.0.1:5432/x", tmp_path)
    assert asyncio.run(get_short_command(memory)) is INLINE
    assert asyncio.run(get_short_command(postgres)) is INLINE
    assert asyncio.run(get_short_command(sqlite)) is POOLED

    async def thread_of(short: Any) -> int:
        return int(await short(threading.get_ident))

    loop_thread = threading.get_ident()
    assert asyncio.run(thread_of(INLINE)) == loop_thread
    assert asyncio.run(thread_of(POOLED)) != loop_thread
