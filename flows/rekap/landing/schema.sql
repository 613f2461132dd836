-- The landing database (warehouse/state/landing.duckdb): the refresh's private, persistent ingest state.
-- Only the refresh writes it. dbt reads it (attached read-only as `landing`) and copies what it needs into the
-- published warehouse, so the published file is self-contained.

CREATE TABLE IF NOT EXISTS submissions (
    submission_id    VARCHAR PRIMARY KEY,   -- the document's path under raw/, e.g. '19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt'
    manifest_path    VARCHAR NOT NULL,      -- path under raw/ of the manifest that declares it
    source_file      VARCHAR NOT NULL,      -- path under raw/ of the document (= submission_id)
    content_sha256   VARCHAR,               -- of the document's bytes (NULL if unreadable)
    agency_name      VARCHAR,
    region_code      VARCHAR,
    document_type    VARCHAR,               -- rencana_aksi | renja | perjanjian_kinerja | laporan_kinerja | dpa
    fiscal_year      INTEGER,
    plan_version     VARCHAR,               -- murni | perubahan
    layout_spec      VARCHAR,
    layout_family    VARCHAR,
    fingerprint      VARCHAR NOT NULL,      -- content + manifest entry + spec + parser version: unchanged => not re-parsed
    received_date    DATE,
    status           VARCHAR NOT NULL,      -- loaded | quarantined
    value_count      INTEGER NOT NULL,
    parsed_at        TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS cells (
    submission_id     VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    content_sha256    VARCHAR NOT NULL,
    value_no          INTEGER NOT NULL,     -- 1-based order of the value within its submission
    table_id          VARCHAR NOT NULL,     -- the spec's table id ('rencana_aksi_tw1', 'prosa_serapan', ...)
    record_no         INTEGER NOT NULL,     -- groups the cells of one logical row/item within table_id
    parent_record_no  INTEGER,              -- the record one level up, within the same table_id
    level             VARCHAR,              -- agency | belanja | tujuan | sasaran | program | kegiatan | sub_kegiatan | aksi
    role              VARCHAR NOT NULL,     -- see rekap.tables.cells.ROLES
    value_text        VARCHAR NOT NULL,     -- verbatim
    source_line       INTEGER NOT NULL,     -- 1-based line in source_file
    source_column     INTEGER,              -- 0-based tab column (tables) or character offset (prose)
    quarter_label     VARCHAR,              -- verbatim quarter notation ('TW. 1', 'II', 'I', 'TW 3')
    version_label     VARCHAR,              -- e.g. 'pagu_awal', 'pagu_perubahan'
    year_label        VARCHAR,              -- for tables spanning several years ('2019')
    context           VARCHAR,              -- the sentence, for values found in prose
    source_page       INTEGER,              -- 1-based PDF page (NULL for text files and spreadsheets)
    PRIMARY KEY (submission_id, value_no)
);
-- landing files created before PDFs were read get the column at the end, where inserts put it
ALTER TABLE cells ADD COLUMN IF NOT EXISTS source_page INTEGER;

-- How each landed value reads as a number (rekap.landing.readings), computed once when it lands. A new
-- interpreter_version re-reads the values from cells.value_text; the files are not opened again.
CREATE TABLE IF NOT EXISTS cell_readings (
    submission_id       VARCHAR NOT NULL,
    value_no            INTEGER NOT NULL,   -- the cell (cells.submission_id, cells.value_no)
    interpreter_version VARCHAR NOT NULL,   -- hash of the interpreting code that produced this row
    record_unit         VARCHAR,            -- the unit of the cell's record (else of its parent record)
    parse_hint          VARCHAR,            -- money | percent | NULL, as given to the parser
    value_numeric       DECIMAL(38, 6),     -- NULL when the text is not a number
    value_kind          VARCHAR NOT NULL,   -- number | percent | grade | placeholder | empty | text | words | label
    unit_text           VARCHAR,
    qualifier           VARCHAR,
    grade               VARCHAR,
    number_style        VARCHAR,            -- id | us | plain | mixed | ambiguous
    is_ambiguous        BOOLEAN NOT NULL,
    alternatives        VARCHAR,            -- the other readings, ' | '-separated
    parse_note          VARCHAR
);

CREATE TABLE IF NOT EXISTS quarantine (
    source_path      VARCHAR NOT NULL,      -- path under raw/ of the file that could not be loaded
    submission_id    VARCHAR,               -- NULL when no manifest declares the file
    content_sha256   VARCHAR,
    source_line      INTEGER,               -- where parsing stopped (NULL: the whole file)
    expected         VARCHAR NOT NULL,      -- what was expected there
    message          VARCHAR NOT NULL,      -- one sentence naming file, line and what was expected
    detected_at      TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS intake_notes (
    submission_id    VARCHAR NOT NULL,      -- a loaded submission that deserves a word (encoding, hidden sheets/rows)
    source_file      VARCHAR NOT NULL,      -- path under raw/
    note_no          INTEGER NOT NULL,      -- 1-based order within the submission
    source_line      INTEGER,               -- line or sheet row, NULL for the file as a whole
    kind             VARCHAR NOT NULL,      -- encoding | hidden_sheet | hidden_rows | hidden_columns
    message          VARCHAR NOT NULL,      -- one sentence in Bahasa Indonesia, for the agency
    PRIMARY KEY (submission_id, note_no)
);

CREATE TABLE IF NOT EXISTS runs (
    run_id              VARCHAR PRIMARY KEY,
    started_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP,
    status              VARCHAR NOT NULL,   -- running | published | unchanged | failed
    trigger             VARCHAR,            -- manual | schedule | test
    submissions_seen    INTEGER,
    submissions_changed INTEGER,
    submissions_quarantined INTEGER,
    rows_fct_budget     BIGINT,
    rows_fct_target     BIGINT,
    rows_fct_realisation BIGINT,
    tests_passed        INTEGER,
    tests_failed        INTEGER,
    error               VARCHAR
);
