"""CPU used during a run, by role: server workers, the projections process, PostgreSQL, client.

Read from ``/proc`` (Linux) at the start and the end of the measured window. PostgreSQL counts
only the backends connected to the benchmark's own database (``pg_stat_activity``), never the
other users' of a shared server; the client is this process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from typing import Any

import psycopg

ROLES = ("server", "views", "postgres", "client")


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes (those that ended are missed)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def connect(url: str, attempts: int = 20) -> psycopg.Connection[Any]:
    """A connection, retried for a while: the shared server may be at ``max_connections``."""
    for attempt in range(attempts):
        try:
            return psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)
    raise AssertionError("unreachable")


def postgres_backends(conn: psycopg.Connection[Any]) -> list[int]:
    """The server processes of every other connection open to ``conn``'s database."""
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()"
    ).fetchall()
    return [int(r[0]) for r in rows]


def pids_by_role(server_pid: int, conn: psycopg.Connection[Any]) -> dict[str, list[int]]:
    """Which processes play which role now (call once the server is up and warm)."""
    tree = process_tree(server_pid)
    views = [p for p in tree if "projections run" in _cmdline(p)]
    return {
        "server": [p for p in tree if p not in views],
        "views": views,
        "postgres": postgres_backends(conn),
        "client": [os.getpid()],
    }


class CpuWindow:
    """CPU per role between ``start`` and ``stop``; processes that start meanwhile (a pool
    opening a connection) count from zero, those that end meanwhile are missed."""

    def __init__(self, server_pid: int, url: str) -> None:
        self.server_pid = server_pid
        self.conn = connect(url)  # held from here: the shared server may run out later
        self.before: dict[int, float] = {}
        self.busy = 0.0

    def _sample(self) -> tuple[dict[str, list[int]], dict[int, float]]:
        roles = pids_by_role(self.server_pid, self.conn)
        return roles, {p: cpu_seconds([p]) for pids in roles.values() for p in pids}

    def start(self) -> None:
        """Mark the beginning of the measured window."""
        _, self.before = self._sample()
        self.busy = machine_busy_seconds()

    def stop(self) -> tuple[dict[str, float], float]:
        """CPU seconds of each role in the window, and the whole machine's busy seconds."""
        roles, after = self._sample()
        busy = machine_busy_seconds() - self.busy
        self.conn.close()
        used = {
            role: sum(max(0.0, after[p] - self.before.get(p, 0.0)) for p in pids)
            for role, pids in roles.items()
        }
        return used, busy


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent not idle, since boot."""
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def wait_for_headroom(admin_url: str, needed: int = 50, timeout: float = 300.0) -> None:
    """Wait until the shared PostgreSQL server has ``needed`` connections free (or time out).

    The server is shared by every engineer's test suites; a benchmark that starts while they
    hold most connections fails half-way or measures a server that waits for connections.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connect(admin_url) as conn:
            row = conn.execute(
                "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
            ).fetchone()
        if row is not None and int(row[0]) >= needed:
            return
        time.sleep(5)


def stop_server(server: subprocess.Popen[Any], workers: int = 1) -> None:
    """Stop a server the benchmark started: SIGINT lets ``serve --workers N`` stop its
    children, SIGTERM ends a lone process; killed after 20 s."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT if workers > 1 else signal.SIGTERM)
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(5)
