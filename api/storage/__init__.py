"""Storage adapters outside the event store: secret tables and the personal-data vault."""
