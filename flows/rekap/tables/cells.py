"""The cell contract between every reader and the landing zone: what a reader hands over for each cell.

An adapter only *splits* a document into cells and says what each cell is (its role) and where it sits
(table, record, level, quarter). It never interprets a number: the verbatim text is landed and read once
beside it (rekap.landing.readings), so the interpretation can be re-run without re-reading any file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter

# Levels of the planning hierarchy, plus the budget-only levels a document can carry.
LEVELS: frozenset[str] = frozenset(
    {
        "agency",  # the agency as a whole (total budget)
        "belanja",  # an economic class of spending (belanja operasi, modal, pegawai, ...)
        "tujuan",  # goal (Renstra)
        "sasaran",  # objective
        "program",
        "kegiatan",
        "sub_kegiatan",
        "aksi",  # concrete action
    }
)

# What a landed cell *is*. Kept closed so a typo in an adapter fails loudly instead of landing a new role.
ROLES: frozenset[str] = frozenset(
    {
        "row_no",  # the row's own numbering ("1", "6.1", "2.")
        "name",  # the name of the item at `level` (sasaran / program / kegiatan / sub kegiatan / aksi / belanja)
        "indicator",  # indicator name (indikator kinerja)
        "unit",  # satuan
        "target_annual",  # the year's target
        "target_quarter",  # a quarter's target; quarter_label says which quarter
        "target_year",  # a target for another year of a multi-year table; year_label says which year
        "budget",  # pagu (Rupiah); version_label says pagu_awal / pagu_perubahan where the document says so
        "budget_share_pct",  # a stated share of the total budget ("15,97%")
        "realisation",  # realisasi of an indicator; quarter_label when per quarter
        "realisation_pct",  # capaian kinerja (%) as stated
        "budget_realisation",  # realisasi anggaran / serapan in Rupiah (digits)
        "budget_realisation_words",  # the same amount spelled out in words (terbilang)
        "absorption_pct",  # serapan / capaian kinerja anggaran (%) as stated
        "officer",  # penanggung jawab (responsible officer)
        "schedule_mark",  # a tick ("v") in a schedule column; quarter_label says which quarter
        "note",  # free text beside a figure (keterangan, output description)
    }
)


@dataclass(slots=True, unsafe_hash=True)
class LandedValue:
    """One cell of a submission, verbatim, with where it came from and what it is.

    `line` is 1-based in the submitted file; `column` is the 0-based tab-separated column index for tables,
    or the 0-based character offset in the line for values found in prose (then `context` holds the sentence).
    `record_no` groups the cells of one logical row/item inside a table (1-based, in document order);
    `parent_record_no` points at the record one level up in the hierarchy, when the layout says so.
    `page` is the 1-based PDF page the cell was printed on (None for text files and spreadsheets); for a PDF,
    `line` counts the lines rekap read out of it (rekap.sources.pdf: a table row is one line).

    Treated as immutable (hashed by value) but not frozen: a frozen dataclass sets every field through
    object.__setattr__, which makes building one about four times dearer, and readers build one per landed cell.
    Only the reader that made a value renames its table (rekap.tables.reader).
    """

    table_id: str
    record_no: int
    level: str | None
    role: str
    text: str
    line: int
    column: int | None
    parent_record_no: int | None = None
    quarter_label: str | None = None
    version_label: str | None = None
    year_label: str | None = None
    context: str | None = None
    page: int | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} (known: {sorted(ROLES)})")
        if self.level is not None and self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r} (known: {sorted(LEVELS)})")
        if self.line < 1:
            raise ValueError(f"line must be 1-based, got {self.line}")


class PackedValues(Sequence):
    """A submission's LandedValues held as a columnar frame: what crosses a process boundary cheaply (pickling
    hundreds of thousands of dataclass instances costs more than extracting them) and lands without a per-value
    loop. Iterating gives LandedValues back."""

    _FIELDS = tuple(f.name for f in fields(LandedValue))
    _AS_CELL = {
        "text": "value_text",
        "line": "source_line",
        "column": "source_column",
        "page": "source_page",
    }  # landing's names
    _INTEGERS = frozenset({"record_no", "line", "column", "parent_record_no", "page"})

    def __init__(self, frame) -> None:
        self.frame = frame  # polars.DataFrame, one column per LandedValue field

    @classmethod
    def of(cls, values: Sequence[LandedValue]) -> PackedValues:
        import polars as pl

        # column by column: a frame built from columns costs less than one built from rows
        columns = list(zip(*map(attrgetter(*cls._FIELDS), values))) or [()] * len(cls._FIELDS)
        return cls(
            pl.DataFrame(
                [
                    pl.Series(name, column, dtype=pl.Int32 if name in cls._INTEGERS else pl.Utf8)
                    for name, column in zip(cls._FIELDS, columns, strict=True)
                ]
            )
        )

    def __len__(self) -> int:
        return self.frame.height

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return LandedValue(*self.frame.row(i))

    def __iter__(self) -> Iterator[LandedValue]:
        for row in self.frame.iter_rows():
            yield LandedValue(*row)

    @classmethod
    def cells(cls, packed: Sequence[tuple[str, str, str | None, PackedValues]]):
        """The landing `cells` columns of many submissions' values, (submission_id, source_file, content_sha256,
        values) each, as one polars frame (value_no = 1-based position within its submission): built column by
        column for the whole batch, not a frame per submission. `packed` is not empty, and each has values."""
        import polars as pl

        counts = pl.Series([len(values) for *_, values in packed], dtype=pl.Int64)
        owners = pl.DataFrame(
            {
                "submission_id": [sid for sid, *_ in packed],
                "source_file": [src for _, src, *_ in packed],
                "content_sha256": pl.Series([sha for _, _, sha, _ in packed], dtype=pl.Utf8),
                "n": counts,
            }
        )
        each = owners.select(
            pl.col("submission_id", "source_file", "content_sha256").repeat_by("n").explode(),
            pl.int_ranges(1, pl.col("n") + 1).explode().alias("value_no"),
        )
        values = pl.concat([v.frame for *_, v in packed], how="vertical")
        return pl.concat([values.rename(cls._AS_CELL), each], how="horizontal")
