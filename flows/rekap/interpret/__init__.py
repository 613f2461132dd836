"""Where a number is interpreted: pure functions from verbatim text to values, used by dbt's Python models."""
