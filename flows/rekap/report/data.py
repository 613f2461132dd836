"""What the report reads from the published warehouse: the planning marts, as they are. Every figure and every
judgement (capaian vs plan, rating band, support-program share, serapan) is computed in dbt; here rows are only
selected and ordered (each ordering with a total tie-break). Every mart read here is built by every refresh: a file
without one of them is not a warehouse of this version, said once when it is opened (`MissingMarts`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

Rows = list[dict[str, Any]]


MARTS = (
    "marts.dim_region",
    "marts.dim_submission",
    "marts.mart_province_coverage",
    "marts.mart_submission_coverage",
    "marts.mart_budget_by_agency",
    "marts.mart_budget_by_program",
    "marts.mart_quarter_rating",
    "marts.mart_quarterly_plan",
    "marts.mart_data_quality",
    "marts.quarantined_files",
    "marts.run_history",
)


class MissingMarts(Exception):
    """The file lacks marts every refresh builds (`missing`): not a rekap warehouse of this version."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


class Warehouse:
    """A read-only connection to a published warehouse holding every mart the report reads."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        present = {
            f"{s}.{t}"
            for s, t in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        }
        missing = [m for m in MARTS if m not in present]
        if missing:
            raise MissingMarts(missing)

    def rows(self, sql: str, params: list | None = None) -> Rows:
        return _rows(self.con, sql, params)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Rows:
    rel = con.execute(sql, params or [])
    names = [d[0] for d in rel.description]
    return [dict(zip(names, r)) for r in rel.fetchall()]


def province_names(w: Warehouse) -> dict[str, str]:
    return {
        r["province_code"]: r["province_name"]
        for r in w.rows(
            "select distinct province_code, province_name from marts.dim_region where province_code is not null order by 1"
        )
    }


def loaded_region_codes(w: Warehouse) -> list[str]:
    return [r["region_code"] for r in w.rows("select distinct region_code from marts.dim_submission order by 1")]


def province_coverage(w: Warehouse) -> Rows:
    """Per province and year: kabupaten/kota that sent, of how many; the provincial government; who has not sent."""
    t = "marts.mart_province_coverage"
    return w.rows(f"""select province_code, province_name, fiscal_year, kabkota_total, kabkota_received,
                             province_received, regions_received, kabkota_not_received
                      from {t} order by fiscal_year desc, province_code""")


def coverage(w: Warehouse) -> Rows:
    t = "marts.mart_submission_coverage"
    return w.rows(f"""select region_code, region_name, fiscal_year, document_type, agency_names, versions_received,
                             last_received_date, load_status, quarantine_reason
                      from {t} where is_received order by fiscal_year desc, region_code, document_type""")


def budget_by_agency(w: Warehouse) -> Rows:
    t = "marts.mart_budget_by_agency"
    return w.rows(f"""select fiscal_year, region_code, region_name, agency_name, plan_version, programs, pagu_idr,
                             pagu_support_idr, pagu_substantive_idr, support_share_pct, realisasi_idr,
                             realisasi_through_quarter, agency_pagu_idr, agency_realisasi_idr,
                             agency_realisasi_through_quarter
                      from {t} where is_latest order by fiscal_year desc, region_code, agency_name, plan_version""")


def budget_by_program(w: Warehouse) -> Rows:
    t = "marts.mart_budget_by_program"
    return w.rows(f"""select fiscal_year, region_code, region_name, agency_name, plan_version, nomenclature_code,
                             program_name, is_support_program, pagu_idr, realisasi_idr, realisasi_through_quarter,
                             serapan_pct, serapan_source, share_of_region_pagu_pct, source_file
                      from {t} where is_latest
                      order by fiscal_year desc, region_code, agency_name, nomenclature_code nulls last, program_name""")


def program_pagu_by_region(w: Warehouse) -> Rows:
    """Program-level pagu per region of every agency's latest version (the front page's headline figure)."""
    return w.rows(
        "select region_code, sum(pagu_idr) as pagu_idr from marts.mart_budget_by_agency "
        "where is_latest group by 1 order by 1"
    )


def quarter_rating(w: Warehouse) -> Rows:
    t = "marts.mart_quarter_rating"
    return w.rows(f"""select q.fiscal_year, q.quarter, q.region_code, q.region_name, q.agency_name, q.plan_version,
                             q.nomenclature_code, q.program_name, q.indicator_name, q.annual_target, q.realisasi_kinerja,
                             q.capaian_kinerja_pct, q.capaian_source, q.planned_cumulative_share_pct,
                             q.capaian_vs_plan_pct, q.judgement, q.rating_band, q.rating_label,
                             q.capaian_anggaran_pct, q.pagu_idr, q.realisasi_idr, q.source_file, q.source_line
                      from {t} q
                      order by q.fiscal_year desc, q.region_code, q.agency_name, q.quarter,
                               q.nomenclature_code nulls last, q.program_name, q.indicator_name, q.source_line""")


def quarterly_plan(w: Warehouse) -> tuple[Rows, Rows]:
    """(per agency and year: mean planned shares and back-loaded count; the back-loaded indicators)."""
    t = "marts.mart_quarterly_plan"
    # the shares are doubles: averaged as decimals (an exact sum), the means do not depend on the order the rows
    # are stored in, which differs between an incremental and a full build (same input, same report)
    per = w.rows(f"""select fiscal_year, region_code, any_value(region_name) as region_name, agency_name,
                            avg(share_tw1::decimal(38, 12)) * 100 as s1, avg(share_tw2::decimal(38, 12)) * 100 as s2,
                            avg(share_tw3::decimal(38, 12)) * 100 as s3, avg(share_tw4::decimal(38, 12)) * 100 as s4,
                            count(*) as indicators,
                            count(*) filter (where share_tw1 is not null) as with_shares,
                            count(*) filter (where back_loaded) as back_loaded
                     from {t} group by fiscal_year, region_code, agency_name
                     order by fiscal_year desc, region_code, agency_name""")
    rows = w.rows(f"""select fiscal_year, region_code, region_name, agency_name, level, item_name, indicator_name,
                             annual_target, share_tw1 * 100 as s1, share_tw2 * 100 as s2, share_tw3 * 100 as s3,
                             share_tw4 * 100 as s4, semantics, source_file, source_line
                      from {t} where back_loaded
                      order by fiscal_year desc, region_code, agency_name, source_file, source_line, table_id, record_no""")
    return per, rows


def findings(w: Warehouse) -> Rows:
    """Every finding, most severe first, then by file and line (the order an agency fixes them in)."""
    return w.rows("""select region_code, region_name, agency_name, fiscal_year, source_file, source_line,
                            check_name, severity, message
                     from marts.mart_data_quality
                     order by region_code, agency_name,
                              case severity when 'error' then 0 when 'warning' then 1 when 'info' then 2 else 3 end,
                              source_file, source_line nulls first, fiscal_year, check_name, message""")


def agencies(w: Warehouse) -> Rows:
    """Every agency that sent something, with the date of its latest document (the date its workbook carries)."""
    return w.rows("""select s.region_code, any_value(r.region_name) as region_name, s.agency_name,
                            max(s.received_date) as last_received_date
                     from marts.dim_submission s left join marts.dim_region r using (region_code)
                     group by s.region_code, s.agency_name order by 1, 3""")


def quarantined(w: Warehouse) -> Rows:
    return w.rows(
        "select source_path, agency_name, region_code, source_line, message from marts.quarantined_files "
        "order by source_path, source_line nulls first, message"
    )


RUN_FIELDS = "run_id, started_at, finished_at, status, error, tests_passed, tests_failed"


def runs(w: Warehouse, runs_db: Path | None) -> Rows:
    """Refresh runs, newest first: the landing state's (which also holds failed attempts that published nothing)
    merged with the published file's marts.run_history. For a run in both, the landing copy wins once it is no
    longer 'running' (the published copy is written before the run ends: no end time, no test counts)."""
    by_id: dict[str, dict] = {}
    for r in w.rows(f"select {RUN_FIELDS} from marts.run_history"):
        by_id[r["run_id"]] = r
    if runs_db is not None and Path(runs_db).is_file():
        try:
            con = duckdb.connect(str(runs_db), read_only=True)
        except duckdb.Error:
            con = None  # held by a running refresh: the published history is what there is
        if con is not None:
            try:
                for r in _rows(con, f"select {RUN_FIELDS} from runs"):
                    if (
                        r["run_id"] not in by_id
                        or by_id[r["run_id"]]["status"] == "running"
                        or r["status"] != "running"
                    ):
                        by_id[r["run_id"]] = r
            except duckdb.Error:
                pass
            finally:
                con.close()
    return sorted(by_id.values(), key=lambda r: (r["started_at"], r["run_id"]), reverse=True)
