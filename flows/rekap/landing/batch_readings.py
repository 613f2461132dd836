"""The readings of a batch of landing cells, computed for the whole batch at once.

The same readings as `rekap.landing.readings.read_cells`, by the same interpreting functions, but column-wise over
the `cells` frame landing inserts anyway: each record's unit is joined once per record, the hint chosen once per
distinct (role, record unit), and each distinct (role, text, hint) read once for the whole batch (a national batch
repeats most figures). No per-value tuple is built and nothing but the cells crosses from the extracting processes.
"""

from __future__ import annotations

import polars as pl

from rekap.landing import readings

_KEYS = ["role", "value_text", "parse_hint"]
_READ = readings.READING_COLUMNS[readings.READING_COLUMNS.index("parse_hint") + 1 :]  # what a reading fills
_SCHEMA = readings._FRAME_SCHEMA
_RECORD = ["submission_id", "table_id", "record_no"]


def _record_units(cells: pl.LazyFrame) -> pl.LazyFrame:
    """(submission_id, table_id, record_no) -> the text of its unit cells in reading order (by line, then column;
    a cell without a column after those with one), space-separated."""
    return (
        cells.filter(pl.col("role") == "unit")
        .sort(["source_line", pl.col("source_column").is_null(), pl.col("source_column").fill_null(0), "value_text"])
        .group_by(_RECORD, maintain_order=True)
        .agg(pl.col("value_text").str.join(" ").alias("unit"))
    )


def _hints(pairs: pl.DataFrame) -> pl.DataFrame:
    hints = [readings.hint_for(role, unit) for role, unit in pairs.iter_rows()]
    return pairs.with_columns(pl.Series("parse_hint", hints, dtype=pl.Utf8))


def _read(distinct: pl.DataFrame) -> pl.DataFrame:
    """A reading per distinct (role, text, hint) of a role that is read (figures, amounts in words)."""
    rows = [
        readings._number(text, hint) if role in readings.NUMERIC_ROLES else readings._words(text)
        for role, text, hint in distinct.iter_rows()
    ]
    read = pl.DataFrame(rows, schema={c: _SCHEMA[c] for c in _READ}, orient="row")
    return pl.concat([distinct, read], how="horizontal")


def batch_readings(cells: pl.DataFrame, version: str | None = None) -> pl.DataFrame:
    """The readings (`cell_readings` columns, typed as `readings.readings_frame` types them) of landing `cells`
    rows (submission_id, value_no, table_id, record_no, parent_record_no, role, value_text, source_line,
    source_column), in the order of the rows."""
    version = version or readings.interpreter_version()
    lazy = cells.lazy().select(
        "submission_id",
        "value_no",
        "table_id",
        "record_no",
        "parent_record_no",
        "role",
        "value_text",
        "source_line",
        "source_column",
    )
    units = _record_units(lazy)
    parent_units = units.rename({"record_no": "parent_record_no", "unit": "parent_unit"})
    with_unit = (
        lazy.join(units, on=_RECORD, how="left", maintain_order="left")
        .join(parent_units, on=["submission_id", "table_id", "parent_record_no"], how="left", maintain_order="left")
        .select(
            "submission_id", "value_no", "role", "value_text", pl.coalesce("unit", "parent_unit").alias("record_unit")
        )
        .collect()
    )
    pairs = _hints(with_unit.select("role", "record_unit").unique(maintain_order=True))
    hinted = with_unit.join(pairs, on=["role", "record_unit"], how="left", nulls_equal=True, maintain_order="left")
    is_read = pl.col("role").is_in(sorted(readings.NUMERIC_ROLES)) | (pl.col("role") == "budget_realisation_words")
    distinct = hinted.filter(is_read).select(_KEYS).unique(maintain_order=True)
    read = (
        _read(distinct)
        if distinct.height
        else pl.DataFrame(schema={**{k: pl.Utf8 for k in _KEYS}, **{c: _SCHEMA[c] for c in _READ}})
    )
    out = hinted.join(read, on=_KEYS, how="left", nulls_equal=True, maintain_order="left")
    label = ~is_read  # names, units, ...: not read as a number
    return out.select(
        "submission_id",
        "value_no",
        pl.lit(version, dtype=pl.Utf8).alias("interpreter_version"),
        "record_unit",
        "parse_hint",
        *(
            pl.when(label).then(pl.lit(v, dtype=_SCHEMA[c])).otherwise(pl.col(c)).alias(c)
            for c, v in zip(_READ, readings._LABEL, strict=True)
        ),
    ).cast(pl.Schema(_SCHEMA))
