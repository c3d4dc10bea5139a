"""Read models built from the ledger's events, and the runner that keeps them up to date.

Belongs here: one package per read model (view interface, projection, one view per backend)
and the runner. Not here: command handling, scoring, or reads of the ledger's repository.
"""
