"""The pure core: framework, bank, answer checking, scoring, aggregates and the ledger.

Nothing here reads the environment, the clock or the network; it imports only the standard
library, numpy, PyYAML (as a parser) and eventsourcing.
"""
