"""A child process kept running: restarted with a doubling back-off when it stops.

``serve --workers N`` runs the projections in one child process; uvicorn respawns its own
workers, and this does the same for that child, so a crash or a ``kill -9`` costs views a few
seconds of lag instead of stopping them for good.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Sequence

FIRST_DELAY = 0.5
MAX_DELAY = 30.0
STEADY_AFTER = 60.0
"""A child that ran this long before stopping is restarted after the first delay again."""


class Supervisor:
    """Start ``command`` and start it again whenever it stops, until ``stop()``."""

    def __init__(
        self,
        command: Sequence[str],
        name: str,
        *,
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
    ) -> None:
        self.command = list(command)
        self.name = name
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.restarts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name=f"{name}-supervisor", daemon=True)

    def start(self) -> None:
        """Start the child and watch it."""
        self._spawn()
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching, then end the child (SIGTERM, then SIGKILL after ``timeout``)."""
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._thread.join(timeout)

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self.process = subprocess.Popen(self.command)

    def _watch(self) -> None:
        delay = self.first_delay
        while not self._stopping.is_set():
            process = self.process
            assert process is not None
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= STEADY_AFTER:
                delay = self.first_delay
            print(
                f"certledger: the {self.name} process stopped (exit {code}); "
                f"starting it again in {delay:g} s",
                file=sys.stderr,
                flush=True,
            )
            if self._stopping.wait(delay):
                return
            self._spawn()
            self.restarts += 1
            delay = min(self.max_delay, delay * 2)
