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


def _run(coroutine: Any) -> Any:
    """Run a dependency on a loop of its own thread: a browser test's sync Playwright session
    keeps a loop running on the main thread for the rest of the suite."""
    found: list[Any] = []
    thread = threading.Thread(target=lambda: found.append(asyncio.run(coroutine)))
    thread.start()
    thread.join(30)
    return found[0]


class _Container:
    def __init__(self, backend_url: str | None, home: Path, **settings: Any) -> None:
        import numpy as np

        self.settings = Settings(database_url=backend_url, home=home, **settings)
        self.rng = np.random.default_rng()


def test_every_request_of_a_process_draws_from_one_generator(tmp_path: Path) -> None:
    container: Any = _Container("memory://", tmp_path)
    first = _run(get_rng(container))
    assert _run(get_rng(container)) is first is container.rng


def test_short_commands_run_on_the_event_loop_in_workers_off_sqlite(tmp_path: Path) -> None:
    def runner(url: str | None, **settings: Any) -> Any:
        return _run(get_short_command(_Container(url, tmp_path, **settings)))  # type: ignore[arg-type]

    worker = {"run_projections_in_app": False}
    postgres = "postgresql://postgres@127.0.0.1:5432/x"
    assert runner("memory://", **worker) is INLINE
    assert runner(postgres, **worker) is INLINE
    assert runner(None, **worker) is POOLED  # SQLite: a write may wait for the file lock
    assert runner(postgres) is POOLED  # views in this process's threads
    assert runner(postgres, inline_commands=True) is INLINE
    assert runner(postgres, inline_commands=False, **worker) is POOLED

    async def threads_of(short: Any) -> tuple[int, int]:
        """The loop's thread and the one the short command ran on."""
        return threading.get_ident(), int(await short(threading.get_ident))

    loop_thread, ran_on = _run(threads_of(INLINE))
    assert ran_on == loop_thread
    loop_thread, ran_on = _run(threads_of(POOLED))
    assert ran_on != loop_thread
