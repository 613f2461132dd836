"""What the report reads from the published warehouse: the planning marts, as they are. Every figure and every
judgement (capaian vs plan, rating band, support-program share, serapan) is computed in dbt; here rows are only
selected and ordered (each ordering with a total tie-break). A mart the file does not have reads as None, so the
report can say 'data belum tersedia' for that section instead of failing."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

Rows = list[dict[str, Any]]


class Warehouse:
    """A read-only connection plus the catalogue, to ask whether a mart (and its columns) exists."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.columns: dict[str, set[str]] = defaultdict(set)
        for s, t, c in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall():
            self.columns[f"{s}.{t}"].add(c)

    def has(self, table: str, *cols: str) -> bool:
        return table in self.columns and set(cols) <= self.columns[table]

    def rows(self, sql: str, params: list | None = None) -> Rows:
        rel = self.con.execute(sql, params or [])
        names = [d[0] for d in rel.description]
        return [dict(zip(names, r)) for r in rel.fetchall()]


def province_names(w: Warehouse) -> dict[str, str]:
    if not w.has("marts.dim_region", "province_code", "province_name"):
        return {}
    return {
        r["province_code"]: r["province_name"]
        for r in w.rows(
            "select distinct province_code, province_name from marts.dim_region where province_code is not null order by 1"
        )
    }


def loaded_region_codes(w: Warehouse) -> list[str]:
    if w.has("marts.dim_submission", "region_code"):
        return [r["region_code"] for r in w.rows("select distinct region_code from marts.dim_submission order by 1")]
    if w.has("marts.v_budget", "region_code"):
        return [r["region_code"] for r in w.rows("select distinct region_code from marts.v_budget order by 1")]
    return []


def province_coverage(w: Warehouse) -> Rows | None:
    """Per province and year: kabupaten/kota that sent, of how many; the provincial government; who has not sent."""
    t = "marts.mart_province_coverage"
    if not w.has(t, "province_code", "kabkota_total", "kabkota_received", "province_received", "kabkota_not_received"):
        return None
    return w.rows(f"""select province_code, province_name, fiscal_year, kabkota_total, kabkota_received,
                             province_received, regions_received, kabkota_not_received
                      from {t} order by fiscal_year desc, province_code""")


def coverage(w: Warehouse) -> Rows | None:
    t = "marts.mart_submission_coverage"
    if not w.has(t, "region_code", "fiscal_year", "document_type", "is_received", "load_status"):
        return None
    return w.rows(f"""select region_code, region_name, fiscal_year, document_type, agency_names, versions_received,
                             last_received_date, load_status, quarantine_reason
                      from {t} where is_received order by fiscal_year desc, region_code, document_type""")


def budget_by_agency(w: Warehouse) -> Rows | None:
    t = "marts.mart_budget_by_agency"
    if not w.has(t, "support_share_pct", "is_latest", "agency_pagu_idr"):
        return None
    return w.rows(f"""select fiscal_year, region_code, region_name, agency_name, plan_version, programs, pagu_idr,
                             pagu_support_idr, pagu_substantive_idr, support_share_pct, realisasi_idr,
                             realisasi_through_quarter, agency_pagu_idr, agency_realisasi_idr,
                             agency_realisasi_through_quarter
                      from {t} where is_latest order by fiscal_year desc, region_code, agency_name, plan_version""")


def budget_by_program(w: Warehouse) -> Rows | None:
    t = "marts.mart_budget_by_program"
    if not w.has(t, "pagu_idr", "realisasi_idr", "serapan_pct", "is_latest"):
        return None
    return w.rows(f"""select fiscal_year, region_code, region_name, agency_name, plan_version, nomenclature_code,
                             program_name, is_support_program, pagu_idr, realisasi_idr, realisasi_through_quarter,
                             serapan_pct, serapan_source, share_of_region_pagu_pct, source_file
                      from {t} where is_latest
                      order by fiscal_year desc, region_code, agency_name, nomenclature_code nulls last, program_name""")


def program_pagu_by_region(w: Warehouse) -> Rows:
    """Program-level pagu per region of every agency's latest version (the front page's headline figure)."""
    if w.has("marts.mart_budget_by_agency", "pagu_idr", "is_latest"):
        return w.rows(
            "select region_code, sum(pagu_idr) as pagu_idr from marts.mart_budget_by_agency "
            "where is_latest group by 1 order by 1"
        )
    if w.has("marts.v_budget", "amount_idr", "measure", "level", "quarter", "is_latest_version"):
        return w.rows(
            "select region_code, sum(amount_idr) as pagu_idr from marts.v_budget "
            "where measure = 'pagu' and level = 'program' and quarter is null and is_latest_version "
            "group by 1 order by 1"
        )
    return []


def quarter_rating(w: Warehouse) -> Rows | None:
    t = "marts.mart_quarter_rating"
    if not w.has(t, "capaian_vs_plan_pct", "judgement", "planned_cumulative_share_pct"):
        return None
    return w.rows(f"""select q.fiscal_year, q.quarter, q.region_code, q.region_name, q.agency_name, q.plan_version,
                             q.nomenclature_code, q.program_name, q.indicator_name, q.annual_target, q.realisasi_kinerja,
                             q.capaian_kinerja_pct, q.capaian_source, q.planned_cumulative_share_pct,
                             q.capaian_vs_plan_pct, q.judgement, q.rating_band, q.rating_label,
                             q.capaian_anggaran_pct, q.pagu_idr, q.realisasi_idr, q.source_file, q.source_line
                      from {t} q
                      order by q.fiscal_year desc, q.region_code, q.agency_name, q.quarter,
                               q.nomenclature_code nulls last, q.program_name, q.indicator_name, q.source_line""")


def quarterly_plan(w: Warehouse) -> tuple[Rows, Rows] | None:
    """(per agency and year: mean planned shares and back-loaded count; the back-loaded indicators)."""
    t = "marts.mart_quarterly_plan"
    if not w.has(t, "share_tw1", "share_tw4", "back_loaded", "agency_name"):
        return None
    per = w.rows(f"""select fiscal_year, region_code, any_value(region_name) as region_name, agency_name,
                            avg(share_tw1) * 100 as s1, avg(share_tw2) * 100 as s2, avg(share_tw3) * 100 as s3,
                            avg(share_tw4) * 100 as s4, count(*) as indicators,
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


def findings(w: Warehouse) -> Rows | None:
    """Every finding, most severe first, then by file and line (the order an agency fixes them in)."""
    t = "marts.mart_data_quality"
    if w.has(t, "agency_name", "region_code", "severity", "message", "source_line"):
        return w.rows(f"""select region_code, region_name, agency_name, fiscal_year, source_file, source_line,
                                 check_name, severity, message
                          from {t}
                          order by region_code, agency_name,
                                   case severity when 'error' then 0 when 'warning' then 1 when 'info' then 2 else 3 end,
                                   source_file, source_line nulls first, fiscal_year, check_name, message""")
    if w.has("marts.findings", "agency_name", "message"):
        return w.rows("""select region_code, null as region_name, agency_name, fiscal_year, source_file, source_line,
                                finding_type as check_name, 'warning' as severity, message
                         from marts.findings order by region_code, agency_name, source_file, source_line, message""")
    return None


def agencies(w: Warehouse) -> Rows:
    if w.has("marts.dim_submission", "region_code", "agency_name"):
        join = "left join marts.dim_region r using (region_code)" if w.has("marts.dim_region", "region_name") else ""
        name = "r.region_name" if join else "null"
        return w.rows(f"""select distinct s.region_code, {name} as region_name, s.agency_name
                          from marts.dim_submission s {join} order by 1, 3""")
    if w.has("marts.v_budget", "region_code", "agency_name"):
        return w.rows("select distinct region_code, region_name, agency_name from marts.v_budget order by 1, 3")
    return []


def quarantined(w: Warehouse) -> Rows | None:
    if not w.has("marts.quarantined_files", "source_path", "message"):
        return None
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
    if w.has("marts.run_history", "run_id", "started_at", "status", "error"):
        for r in w.rows(f"select {RUN_FIELDS} from marts.run_history"):
            by_id[r["run_id"]] = r
    if runs_db is not None and Path(runs_db).is_file():
        try:
            con = duckdb.connect(str(runs_db), read_only=True)
        except duckdb.Error:
            con = None  # held by a running refresh: the published history is what there is
        if con is not None:
            try:
                for r in Warehouse(con).rows(f"select {RUN_FIELDS} from runs"):
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
