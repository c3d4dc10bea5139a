"""Benchmarks: one module per concern, each printing a table and writing results/<name>.json."""
