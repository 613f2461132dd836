"""Publish a built warehouse file atomically under analysts' feet.

DuckDB allows one writer or many readers on a file. We never write the published file: the public copy is
written beside it, checkpointed (no WAL left), fsynced, and renamed over it. Readers that opened the old file
keep reading the old inode; new connections see the new file. A crash at any point leaves either the old or
the new file published, never a half-written one.

The published file is not the build file. dbt builds every layer (staging, intermediate, seeds, marts) in the
storage format of the DuckDB that rekap runs; analysts open the warehouse with whatever DuckDB CLI, JDBC driver
(DBeaver) or Python package they have, which is often one release behind. So publishing copies only the public
schema, with its tables, views and the table/column comments dbt persisted from the YAML, into a new file
written in an older storage version (`PUBLISHED_STORAGE_VERSION`). The full build is kept privately
(`ProjectPaths.last_build_db`) for whoever needs the internal layers.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

# The schema analysts see; every other schema of the build stays out of the published file.
PUBLIC_SCHEMA = "marts"

# Storage format of the published file. DuckDB reads every storage version up to its own, never a newer one:
# v1.4.0 is read by DuckDB 1.4 (LTS) and later, i.e. the CLI, Python and JDBC (DBeaver) releases 1.4.x, 1.5.x and 2.x.
PUBLISHED_STORAGE_VERSION = "v1.4.0"


@dataclass(frozen=True)
class Delta:
    """What an incremental build changed in the public schema, for a public file written as the previous one plus
    those changes: in a table keyed by submission (rows of a submission computed from that submission alone) only
    the rows of `submissions` can differ; every other table is written whole. `since_run` is the run whose build
    the incremental one started from: the previous public file must be that run's."""

    since_run: str
    keyed_tables: frozenset[str]
    submissions: tuple[str, ...]


def _wal(db: Path) -> Path:
    """The write-ahead log DuckDB keeps beside a database file."""
    return Path(str(db) + ".wal")


def remove_database(db: Path) -> None:
    """A database file and its write-ahead log, gone (a stale one would be opened as the new file's state)."""
    for stale in (db, _wal(db)):
        stale.unlink(missing_ok=True)


def move_database(db: Path, dest: Path) -> None:
    """A database file moved (renamed) to `dest` with its write-ahead log if it has one, which holds committed
    changes not yet in the file."""
    os.replace(db, dest)
    if _wal(db).exists():
        os.replace(_wal(db), _wal(dest))
    else:
        _wal(dest).unlink(missing_ok=True)


def _refuse_wal(db: Path) -> None:
    """A file with a WAL beside it is not whole on its own: it is never published."""
    if _wal(db).exists():
        raise RuntimeError(f"{db} still has a WAL after checkpoint; refusing to publish")


def finalise(build_db: Path) -> None:
    """Fold the build's write-ahead log, if it has one, into the file. A build closed cleanly has none and is not
    opened at all: the refresh reads it (rendering the report) while it is published, and a process cannot hold
    one file open both read-only and for writing."""
    if _wal(build_db).exists():
        con = duckdb.connect(str(build_db))
        try:
            con.execute("checkpoint")
        finally:
            con.close()
    _refuse_wal(build_db)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_comments(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    """Table, view and column comments of the build's public schema, onto the same objects in `pub` where they say
    otherwise there (a table written anew has none; one written as changes keeps those of the file it was copied
    from, usually the same).

    Sent as one transaction: a national warehouse has hundreds of column comments, and committing each on its own
    costs several times the statements themselves."""
    objects = (
        "select table_name as name, 'table' as kind, comment from duckdb_tables() "
        "where database_name = '{db}' and schema_name = $schema union all "
        "select view_name, 'view', comment from duckdb_views() where database_name = '{db}' and schema_name = $schema"
    )
    differing = con.execute(
        f"select b.name, b.kind, b.comment from ({objects.format(db='build')}) b "
        f"left join ({objects.format(db='pub')}) p on p.name = b.name and p.kind = b.kind "
        "where b.comment <> '' and p.comment is distinct from b.comment order by 1, 2",
        {"schema": schema},
    ).fetchall()
    statements = [
        f"comment on {kind} pub.{_quote(schema)}.{_quote(name)} is {_literal(comment)}"
        for name, kind, comment in differing
    ]
    columns = (
        "select table_name, column_name, column_index, comment from duckdb_columns() "
        "where database_name = '{db}' and schema_name = $schema"
    )
    differing = con.execute(
        f"select b.table_name, b.column_name, b.comment from ({columns.format(db='build')}) b "
        f"left join ({columns.format(db='pub')}) p on p.table_name = b.table_name and p.column_name = b.column_name "
        "where b.comment <> '' and p.comment is distinct from b.comment order by b.table_name, b.column_index",
        {"schema": schema},
    ).fetchall()
    statements += [
        f"comment on column pub.{_quote(schema)}.{_quote(table)}.{_quote(column)} is {_literal(comment)}"
        for table, column, comment in differing
    ]
    if statements:
        con.execute("begin;\n" + ";\n".join(statements) + ";\ncommit")


def write_public_copy(
    build_db: Path, dest: Path, schema: str = PUBLIC_SCHEMA, storage_version: str = PUBLISHED_STORAGE_VERSION
) -> None:
    """Copy `schema` of `build_db` (tables with their rows in order, views, comments) into a new file `dest`."""
    remove_database(dest)
    con = duckdb.connect()
    try:
        con.execute(f"attach {_literal(str(build_db))} as build (read_only)")
        con.execute(f"attach {_literal(str(dest))} as pub (storage_version {_literal(storage_version)})")
        con.execute(f"create schema pub.{_quote(schema)}")
        for table in sorted(_tables(con, "build", schema)):
            q = f"{_quote(schema)}.{_quote(table)}"
            con.execute(f"create table pub.{q} as select * from build.{q}")
        # a view's text names its relations as `schema.table`: created from inside `pub`, it binds to pub's copies
        views = con.execute(
            "select view_name, sql from duckdb_views() where database_name = 'build' and schema_name = ? order by 1",
            [schema],
        ).fetchall()
        con.execute("use pub")
        pending = list(views)
        while pending:  # views over views: create what binds, retry the rest until no progress
            failed = []
            for name, sql in pending:
                try:
                    con.execute(sql)
                except duckdb.CatalogException:
                    failed.append((name, sql))
            if len(failed) == len(pending):
                con.execute(failed[0][1])  # raises the real error
            pending = failed
        _copy_comments(con, schema)
        con.execute("use memory")
        con.execute("checkpoint pub")
        con.execute("detach pub")
    finally:
        con.close()
    _refuse_wal(dest)


def _tables(con: duckdb.DuckDBPyConnection, database: str, schema: str) -> dict[str, list[tuple[str, str]]]:
    """The tables of `database`.`schema`, each with its columns (name, type) in order."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in con.execute(
        "select c.table_name, c.column_name, c.data_type from duckdb_columns() c join duckdb_tables() t "
        "on t.database_name = c.database_name and t.schema_name = c.schema_name and t.table_name = c.table_name "
        "where c.database_name = ? and c.schema_name = ? order by c.table_name, c.column_index",
        [database, schema],
    ).fetchall():
        tables.setdefault(table, []).append((column, data_type))
    return tables


def write_public_delta(build_db: Path, previous: Path, dest: Path, delta: Delta, schema: str = PUBLIC_SCHEMA) -> bool:
    """Write `dest` as a copy of the previous public file with the incremental build's changes applied: the rows of
    the recomputed submissions replaced in the keyed tables, every other table replaced whole. Returns False
    (nothing written) when `previous` is not the public file of the run the build started from. Writing only what
    changed costs a fraction of writing every table again (compression is most of a public copy's cost); the
    views and the storage version stay those of the copied file, written by the same project."""
    remove_database(dest)
    shutil.copyfile(previous, dest)
    con = duckdb.connect()
    try:
        con.execute(f"attach {_literal(str(build_db))} as build (read_only)")
        con.execute(f"attach {_literal(str(dest))} as pub")
        row = con.execute(f"select run_id from pub.{_quote(schema)}.build_info").fetchone()
        if row is None or row[0] != delta.since_run:
            return False
        built, published = _tables(con, "build", schema), _tables(con, "pub", schema)
        con.execute(
            "create temp table rekap_publish_changed as select unnest(?::varchar[]) as submission_id",
            [list(delta.submissions)],
        )
        con.execute("begin")
        for table in sorted(set(published) - set(built)):
            con.execute(f"drop table pub.{_quote(schema)}.{_quote(table)}")
        for table, columns in sorted(built.items()):
            q = f"{_quote(schema)}.{_quote(table)}"
            keyed = table in delta.keyed_tables and ("submission_id", "VARCHAR") in columns
            if keyed and published.get(table) == columns:
                changed = "submission_id in (select submission_id from temp.rekap_publish_changed)"
                con.execute(f"delete from pub.{q} where {changed}")
                con.execute(f"insert into pub.{q} select * from build.{q} where {changed}")
            else:
                con.execute(f"drop table if exists pub.{q}")
                con.execute(f"create table pub.{q} as select * from build.{q}")
        con.execute("commit")
        _copy_comments(con, schema)
        con.execute("checkpoint pub")
        con.execute("detach pub")
    finally:
        con.close()
    _refuse_wal(dest)
    return True


def publish(build_db: Path, published_db: Path, keep_build_as: Path | None = None, delta: Delta | None = None) -> None:
    """Write the public copy of `build_db` beside `published_db` and rename it into place: from the previous
    public file and `delta` when the build was incremental (write_public_delta), else every table.

    The build file itself is then moved to `keep_build_as` (when given) or deleted.
    """
    finalise(build_db)
    published_db.parent.mkdir(parents=True, exist_ok=True)
    public = build_db.with_name(build_db.stem + "-public.duckdb")
    written = False
    if delta is not None and published_db.is_file():
        try:
            written = write_public_delta(build_db, published_db, public, delta)
        except duckdb.Error as exc:  # the whole copy below says the same data; the reason is logged
            logging.getLogger("rekap.refresh").warning("public file written whole: %s", exc)
    if not written:
        write_public_copy(build_db, public)
    _fsync(public)
    os.replace(public, published_db)
    _fsync(published_db.parent)
    if keep_build_as is not None:
        keep_build_as.parent.mkdir(parents=True, exist_ok=True)
        move_database(build_db, keep_build_as)
    else:
        build_db.unlink(missing_ok=True)


def clean_stale_builds(build_dir: Path) -> list[Path]:
    """Files left by a run that died (only one refresh runs at a time, guarded by the refresh lock)."""
    removed = []
    if build_dir.exists():
        for p in build_dir.glob("rekap-*.duckdb*"):
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed
