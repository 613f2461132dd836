"""Build the report from the published warehouse (read-only): index.html, one printable 'daftar perbaikan' page
and workbook per agency, and a workbook of the findings per province. Pages are Jinja2 templates (templates/),
numbers are formatted by babel (fmt.py), charts are matplotlib SVG (charts.py); the figures and judgements come from
the marts (data.py). A file without those marts is a ReportError naming them.

The report is incremental (cache.py): an agency's page and workbook, a province's workbook, a chart and the front
page's rows of one year and region are rendered again only when the rows they are made from changed; everything
else is kept from the previous report. Only the front page says when it was written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rekap.report import agencies as agency_outputs
from rekap.report import data, sections
from rekap.report.cache import Cache
from rekap.report.fmt import fmt_datetime, fmt_number, fmt_rp
from rekap.report.folder import Outputs, write_folder
from rekap.report.scope import (
    SETTINGS_FILE,
    Scope,
    ScopeError,
    configured_province,
    resolve_scope,
)

TITLE = "Laporan Konsolidasi Rencana Aksi dan Kinerja Daerah"


class ReportError(Exception):
    """The report cannot be written (no published warehouse, unreadable file, bad setting, folder not writable);
    the message is for the operator, in Bahasa Indonesia."""


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("rekap.report", "templates"),
        autoescape=select_autoescape(["j2", "html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def build_report(
    published_db: Path,
    out_dir: Path,
    *,
    province: str | None = None,
    runs_db: Path | None = None,
    settings_file: Path | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write the report into out_dir (replaced as a whole; unchanged outputs of the previous report in out_dir are
    kept) and return index.html's path. now: the time the front page says it was written (default: now).

    province: the province the report is for (two-digit code); default the setting in settings_file
    (default: rekap.toml of the workspace holding warehouse/) or REKAP_REPORT_PROVINCE, else inferred when all
    loaded regions share one province. runs_db: the landing state (default warehouse/state/landing.duckdb), whose
    run log also has the failed attempts that published nothing: the front page shows the last one."""
    return render_report(
        published_db, out_dir, province=province, runs_db=runs_db, settings_file=settings_file, now=now
    ).write()


@dataclass(frozen=True)
class RenderedReport:
    """A report rendered and not yet written: the refresh renders it from the build while the build is published,
    and writes it once the publication succeeded."""

    out_dir: Path
    outputs: Outputs
    cache: Cache

    def write(self) -> Path:
        """Swap the report into out_dir and return index.html's path; raises ReportError."""
        try:
            write_folder(self.out_dir, self.outputs, self.cache)
        except OSError as exc:
            raise ReportError(f"laporan tidak dapat ditulis ke {self.out_dir}: {exc}") from exc
        return self.out_dir / "index.html"


def render_report(
    warehouse_db: Path,
    out_dir: Path,
    *,
    province: str | None = None,
    runs_db: Path | None = None,
    settings_file: Path | None = None,
    now: dt.datetime | None = None,
    source_name: str | None = None,
) -> RenderedReport:
    """build_report's pages and workbooks, in memory. `warehouse_db` is the published file, or a build about to be
    published (its public schema holds the same tables); `source_name` is the name the pages give the file they
    were made from (default: warehouse_db's name). Defaults as build_report's, found beside warehouse_db."""
    import duckdb

    warehouse_db, out_dir = Path(warehouse_db), Path(out_dir)
    runs_db = Path(runs_db) if runs_db is not None else warehouse_db.parent / "state" / "landing.duckdb"
    settings_file = Path(settings_file) if settings_file is not None else warehouse_db.parent.parent / SETTINGS_FILE
    if not warehouse_db.is_file():
        raise ReportError(f"belum ada gudang data terbit di {warehouse_db}; jalankan `rekap refresh` dahulu")
    try:
        configured = province or configured_province(settings_file)
    except ScopeError as exc:
        raise ReportError(str(exc)) from exc
    try:
        con = duckdb.connect(str(warehouse_db), read_only=True)
    except duckdb.Error as exc:
        raise ReportError(f"{warehouse_db} tidak dapat dibuka (hanya-baca): {exc}") from exc
    generated = now or dt.datetime.now()
    cache = Cache(out_dir)
    try:
        w = data.Warehouse(con)
        scope = resolve_scope(configured, data.loaded_region_codes(w), data.province_names(w))
        outputs = _render(w, scope, source_name or warehouse_db.name, generated, runs_db, cache)
    except data.MissingMarts as exc:
        raise ReportError(
            f"{warehouse_db} bukan gudang data rekap versi ini (tidak ada {exc}); jalankan `rekap refresh`"
        ) from exc
    except duckdb.Error as exc:
        raise ReportError(f"{warehouse_db} tidak dapat dibaca: {exc}") from exc
    finally:
        con.close()
    return RenderedReport(out_dir, outputs, cache)


def _render(
    w: data.Warehouse, scope: Scope, source_name: str, generated: dt.datetime, runs_db: Path | None, cache: Cache
) -> Outputs:
    env = _env()
    s = sections.Sections(cache, env.get_template("rows.html.j2").module)
    scope_text = (
        f"Provinsi {scope.province_name or scope.province_code} (kode {scope.province_code})"
        if scope.province_code
        else "Semua wilayah dalam gudang data"
    )

    def scoped(rows: list[dict]) -> list[dict]:
        return [r for r in rows if scope.includes(r["region_code"])]

    out = Outputs()
    listed = agency_outputs.plan_agencies(
        scoped(data.agencies(w)),
        scoped(data.findings(w)),
        data.province_names(w),
        env.get_template("agency.html.j2"),
        {
            "subtitle": f"Hasil pemeriksaan dokumen yang diterima, untuk diperbaiki dan dikirim ulang ({scope_text})",
            "generated": None,  # the agency's page and workbook change only when its findings do
            "source_name": source_name,
        },
        cache,
        out,
    )
    coverage_rows, perf_rows = scoped(data.coverage(w)), scoped(data.quarter_rating(w))
    per_agency, programs = scoped(data.budget_by_agency(w)), scoped(data.budget_by_program(w))
    plan_per, plan_rows = (scoped(rows) for rows in data.quarterly_plan(w))
    quarantine = [r for r in data.quarantined(w) if r["region_code"] is None or scope.includes(r["region_code"])]
    pagus = [r["pagu_idr"] for r in scoped(data.program_pagu_by_region(w)) if r["pagu_idr"] is not None]
    rated = sum(1 for r in perf_rows if r["rating_band"])
    kpis = [
        {"value": fmt_number(len({a["region_code"] for a in listed.agencies})), "label": "wilayah mengirim dokumen"},
        {"value": fmt_number(len(listed.agencies)), "label": "perangkat daerah"},
        {"value": fmt_rp(sum(pagus) if pagus else None), "label": "total pagu tingkat program (versi terakhir)"},
        {"value": fmt_number(listed.findings), "label": "temuan"},
        {
            "value": f"{fmt_number(rated)} dari {fmt_number(len(perf_rows))}",
            "label": "indikator program dinilai terhadap rencana triwulan",
        },
    ]
    years, region_names = set(), {}
    for r in (*coverage_rows, *perf_rows, *per_agency):
        years.add(r["fiscal_year"])
        region_names[r["region_code"]] = sections.region_label(r)
    for a in listed.agencies:
        region_names.setdefault(a["region_code"], a["region"])
    filters = {
        "years": sorted((y for y in years if y is not None), reverse=True),
        "regions": sorted(region_names.items()),
    }
    out.pages["index.html"] = env.get_template("index.html.j2").render(
        title=TITLE,
        subtitle=f"Cakupan: {scope_text}",
        generated=fmt_datetime(generated),
        source_name=source_name,
        run=sections.run_status(data.runs(w, runs_db)),
        filters=filters,
        kpis=kpis,
        coverage=sections.coverage(s, coverage_rows, data.province_coverage(w), scope.province_code),
        perf=sections.performance(s, perf_rows),
        budget=sections.budget(s, per_agency, programs),
        plan=sections.plan(s, plan_per, plan_rows),
        agencies=listed.agencies,
        agencies_body=s.body("agency_rows", listed.agencies, lambda a: a, ("region_code",)),
        province_xlsx=listed.provinces,
        quarantine_body=s.body("quarantine_rows", quarantine, lambda r: r, ()),
    )
    return out
