"""The session board read model: one row set per session instead of replayed aggregates.

Per session its candidates, their courses' progress and alerts, its incidents and results, so
supervision, the results table and the candidate list read here instead of replaying the
session and every course (shapes in ``domain.certification.board``).
"""

from projections.session_board.popo import POPOSessionBoardView
from projections.session_board.postgres import PostgresSessionBoardView
from projections.session_board.projection import SessionBoardProjection, changes_for
from projections.session_board.sqlite import SQLiteSessionBoardView
from projections.session_board.view import BoardRow, SessionBoardView, board_from

__all__ = [
    "BoardRow",
    "POPOSessionBoardView",
    "PostgresSessionBoardView",
    "SQLiteSessionBoardView",
    "SessionBoardProjection",
    "SessionBoardView",
    "board_from",
    "changes_for",
]
