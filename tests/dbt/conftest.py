"""The `warehouse` and `dbt_runner` fixtures live in tests/conftest.py (shared with tests/marts)."""
