"""The one table reader: a grid of positioned cells in, landed values out, layout inferred from the headers.

* :mod:`grid`       - cells with their positions (line or sheet row, column), from text lines (or a sheet);
* :mod:`vocabulary` - the header words and cell looks of planning documents (reference data, vocabulary.yml);
* :mod:`header`     - finds a table by its header band (several lines, column numbers, repeated page headers);
* :mod:`layout`     - maps every column to (level, role), applying a spec's overrides;
* :mod:`quarters`   - quarter values inline in a cell ("TW 1 : 25%", "Triwulan I: 2 Dok");
* :mod:`wide`       - assembles records from the rows of a table with one target-carrying level;
* :mod:`reader`     - the adapter (``family: tabel``) and the preview used by ``rekap onboard``.
"""
