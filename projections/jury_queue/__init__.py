"""The jury's work queue: finalised sessions with counters, publishability and officer.

Belongs here: the queue's projection (pure ``changes_for``) and its views per backend. Not
here: decisions (``jury/``) or the course view (read from the aggregates).
"""

from projections.jury_queue.popo import POPOJuryQueueView
from projections.jury_queue.postgres import PostgresJuryQueueView
from projections.jury_queue.projection import JuryQueueProjection
from projections.jury_queue.sqlite import SQLiteJuryQueueView
from projections.jury_queue.view import JuryQueueView, QueueEntry

__all__ = [
    "JuryQueueProjection",
    "JuryQueueView",
    "POPOJuryQueueView",
    "PostgresJuryQueueView",
    "QueueEntry",
    "SQLiteJuryQueueView",
]
