"""Read a session's board from its read model, up to date with every command already made.

Supervision, the results table and the candidate list read the ``session_board`` view instead
of replaying the session and each course. A reply must show what the caller (or anyone) just
did, so the view is first brought up to the log's head: in the single-process server the
request catches the view up itself (under the runner's lock, shared with the follower thread);
where another process keeps the views, it waits for that process, and replays the aggregates
if the view does not get there in time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.application import CertificationLedger
from domain.certification.board import SessionBoard
from projections.runner import CatchUpRunner
from projections.session_board import SessionBoardView

WAIT = 2.0
"""Seconds to wait for another process's follower before replaying the aggregates."""


@dataclass(frozen=True)
class SessionBoards:
    """The session board read model of one process."""

    ledger: CertificationLedger
    runner: CatchUpRunner[Any] | None
    catch_up_here: bool

    def board(self, session_id: UUID) -> SessionBoard:
        """The session's board as of every event recorded before this call."""
        if self.runner is None:
            return self.ledger.session_board(session_id)
        view: SessionBoardView = self.runner.view
        head = self.ledger.recorder.max_notification_id() or 0
        if self.runner.position() < head:
            if self.catch_up_here:
                self.runner.catch_up()
            elif not self._waited(head):
                return self.ledger.session_board(session_id)
        return view.board(session_id)

    def _waited(self, head: int) -> bool:
        assert self.runner is not None
        deadline, pause = time.monotonic() + WAIT, 0.002
        while self.runner.position() < head:
            if time.monotonic() > deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        return True
