"""Building the warehouse with dbt into a fresh file, and publishing it atomically."""
