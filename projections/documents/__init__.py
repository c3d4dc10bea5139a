"""JSON-document storage for read models, one table per read model, on every backend.

Not here: any read model's rules; each read model brings its change function and queries.
"""

from projections.documents.popo import POPODocumentsView
from projections.documents.postgres import PostgresDocumentsView
from projections.documents.sqlite import SQLiteDocumentsView
from projections.documents.store import DocumentStore, DocumentsView, dumps, update

__all__ = [
    "DocumentStore",
    "DocumentsView",
    "POPODocumentsView",
    "PostgresDocumentsView",
    "SQLiteDocumentsView",
    "dumps",
    "update",
]
