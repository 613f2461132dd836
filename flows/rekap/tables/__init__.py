"""The one table reader: a grid of positioned cells in, landed values out, layout inferred from the headers.

* :mod:`cells`      - the contract every reader (these, layouts/, sources/) hands to landing: a value per cell;
* :mod:`grid`       - cells with their positions (line or sheet row, column), from text lines (or a sheet);
* :mod:`vocabulary` - the header words and cell looks of planning documents (reference data, vocabulary.yml);
* :mod:`header`     - finds a table by its header band (several lines, column numbers, repeated page headers);
* :mod:`layout`     - maps every column to (level, role), applying a spec's overrides;
* :mod:`quarters`   - quarter values inline in a cell ("TW 1 : 25%", "Triwulan I: 2 Dok");
* :mod:`years`      - columns titled by a year, and the year a document states for itself;
* :mod:`captions`   - table captions ("Tabel 2.1") naming tables; :mod:`foreign` - tables of another kind;
* record models, one per table shape, tried in this order by the reader:
  :mod:`sequence` (per-level column groups with a schedule, one table per quarter), :mod:`ledger` (plain tables:
  budgets, multi-year targets), :mod:`stacked` (one item per row, levels from names: :mod:`levels`),
  :mod:`wide` (one target-carrying level, quarters as columns, rows or inline), :mod:`grouped` (levels side by side);
* :mod:`prose_amounts` - budget amounts stated in a sentence outside every table;
* :mod:`xlsx`       - the same reading on an XLSX workbook (a sheet per table);
* :mod:`reader`     - the adapter (``family: tabel``) and the preview used by ``rekap onboard``.
"""
