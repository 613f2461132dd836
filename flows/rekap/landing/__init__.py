"""The landing zone: verbatim cells with lineage, before any interpretation."""
