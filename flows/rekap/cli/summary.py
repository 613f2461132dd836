"""The refresh summary: what a run read, built and published, and the findings of the published warehouse."""

from __future__ import annotations

from rich.table import Table

from rekap.cli.common import cell, console, say
from rekap.i18n import finding_label, has, severity_label, t
from rekap.paths import ProjectPaths

# Up to this many agencies (a province's) the summary lists each one; a national warehouse's hundreds are counted
# per province, a table an operator reads after every refresh (marts.dim_agency lists them all)
AGENCY_ROWS = 40


def print_summary(s: dict, paths: ProjectPaths) -> None:
    ok = s["status"] in ("published", "unchanged")
    console.print(
        say(
            "refresh.headline",
            headline=t(f"refresh.{s['status']}") if has(f"refresh.{s['status']}") else s["status"],
            run_id=s["run_id"],
            seen=s["submissions_seen"],
            parsed=s["submissions_changed"],
            values=s["values_landed"],
            passed=s["tests_passed"],
            failed=s["tests_failed"],
        )
    )
    agencies = s["agencies"]
    console.print(_agency_table(agencies) if len(agencies) <= AGENCY_ROWS else _province_table(s, paths))
    if any(v is not None for v in s["rows"].values()):
        rows = Table(title=t("refresh.rows"))
        rows.add_column(t("refresh.col.fact"))
        rows.add_column(t("refresh.col.rows"), justify="right")
        for k, v in s["rows"].items():
            rows.add_row(cell(k), cell("-" if v is None else v))
        console.print(rows)
    if ok:
        _print_findings(paths)
    if s["quarantine"]:
        quarantine = Table(title=t("refresh.quarantine", n=len(s["quarantine"])))
        quarantine.add_column(t("refresh.col.file"))
        quarantine.add_column(t("refresh.col.why"))
        for path, msg in s["quarantine"]:
            quarantine.add_row(cell(path), cell(msg))
        console.print(quarantine)
    else:
        console.print(say("refresh.quarantine", n=0))
    if s["error"]:
        console.print(say("refresh.build_error", error=s["error"]))
    for problem in s.get("notify_errors") or []:
        console.print(say("refresh.notify_failed", error=problem))
    console.print(say("refresh.warehouse", path=paths.published_db))


def _agency_table(agencies: list) -> Table:
    table = Table(title=t("refresh.agencies"))
    table.add_column(t("refresh.col.region"))
    table.add_column(t("refresh.col.agency"))
    table.add_column(t("refresh.col.values"), justify="right")
    for agency, region, n in agencies:
        table.add_row(cell(region), cell(agency), cell(n))
    return table


def _province_table(s: dict, paths: ProjectPaths) -> Table:
    """The agencies loaded, counted per province (the region code's first two digits), named as the published
    warehouse names them; a province it does not name keeps its code."""
    names = _province_names(paths) if s["status"] in ("published", "unchanged") else {}
    per: dict[str, list[int]] = {}
    for _, region, n in s["agencies"]:
        counts = per.setdefault(region.split(".")[0], [0, 0])
        counts[0] += 1
        counts[1] += n or 0
    table = Table(title=t("refresh.agencies_by_province", n=len(s["agencies"])))
    table.add_column(t("refresh.col.province"))
    table.add_column(t("refresh.col.agencies"), justify="right")
    table.add_column(t("refresh.col.values"), justify="right")
    for code, (agencies, values) in sorted(per.items()):
        table.add_row(cell(f"{code} {names[code]}" if code in names else code), cell(agencies), cell(values))
    return table


def _province_names(paths: ProjectPaths) -> dict[str, str]:
    rows = _published_rows(
        paths, "select distinct province_code, province_name from marts.dim_region where province_name is not null"
    )
    return dict(rows or [])  # an older warehouse without the regions: codes alone


def _published_rows(paths: ProjectPaths, sql: str) -> list[tuple] | None:
    """The query's rows from the published warehouse, read-only; None when it cannot answer (an older file)."""
    import duckdb

    try:
        con = duckdb.connect(str(paths.published_db), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()
    except duckdb.Error:
        return None


def _print_findings(paths: ProjectPaths) -> None:
    """Findings of the published warehouse by type, worst first, with the label people read (code kept in data)."""
    counts = _published_rows(
        paths,
        "select check_name, severity, count(*) from marts.mart_data_quality group by check_name, severity "
        "order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, 3 desc, 1",
    )
    if counts is None:  # no findings mart in this warehouse
        return
    if not counts:
        console.print(say("refresh.no_findings"))
        return
    table = Table(title=t("refresh.findings", total=sum(n for *_, n in counts)))
    table.add_column(t("refresh.col.finding"))
    table.add_column(t("refresh.col.severity"))
    table.add_column(t("refresh.col.count"), justify="right")
    for check, severity, n in counts:
        table.add_row(finding_label(check), severity_label(severity), str(n))
    console.print(table)
