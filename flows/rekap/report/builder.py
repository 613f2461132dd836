"""Build the HTML report from the published warehouse (read-only). Every mart is optional: a missing one gives a
section saying 'data belum tersedia' instead of an error, so the report can follow the marts as they grow."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from rekap.i18n import finding_label
from rekap.report.fmt import fmt_number, fmt_pct, fmt_rp

SEVERITY_ID = {"error": "Kesalahan", "warning": "Peringatan", "info": "Informasi"}
LOAD_STATUS_ID = {"loaded": "Dimuat", "quarantined": "Gagal dimuat", "partly_quarantined": "Sebagian gagal dimuat",
                  "not_received": "Belum diterima"}
DOC_TYPE_ID = {"rencana_aksi": "Rencana Aksi", "renja": "Renja", "perjanjian_kinerja": "Perjanjian Kinerja",
               "laporan_kinerja": "Laporan Kinerja", "dpa": "DPA", "template": "Templat rekap"}
NO_DATA = "Data belum tersedia"


class ReportError(Exception):
    """The report cannot be written (no published warehouse, unreadable file, output folder not writable)."""



LABEL_CHARS = 46  # characters of a bar label that fit in the chart's 330 px label column

def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
    return s[:80] or "pd"


class _Db:
    def __init__(self, con) -> None:
        self.con = con
        rows = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        self.tables = {f"{s}.{t}" for s, t in rows}
        self.columns: dict[str, set[str]] = defaultdict(set)
        for s, t, c in con.execute("select table_schema, table_name, column_name from information_schema.columns").fetchall():
            self.columns[f"{s}.{t}"].add(c)

    def has(self, table: str, *cols: str) -> bool:
        return table in self.tables and set(cols) <= self.columns[table]

    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]] | None:
        import duckdb

        try:
            rel = self.con.execute(sql, params or [])
            names = [d[0] for d in rel.description]
            return [dict(zip(names, r)) for r in rel.fetchall()]
        except duckdb.Error:
            return None


# --- charts (inline SVG) -------------------------------------------------------------------------------------------

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")


def hbar_chart(title: str, items: list[tuple[str, float | None]], fmt=fmt_rp, color: str = PALETTE[0],
               max_value: float | None = None) -> str:
    """Horizontal bars, one per (label, value); labels wrap to 60 characters."""
    items = [(lbl, float(v)) for lbl, v in items if v is not None]
    if not items:
        return f'<p class="nodata">{e(NO_DATA)}</p>'
    width, label_w, bar_w, row_h = 900, 330, 400, 26
    # ~6.6 px per character at the label font size: longer labels would run off the left edge of the chart
    top = max(max_value or 0, max(v for _, v in items)) or 1.0
    h = row_h * len(items) + 40
    parts = [f'<svg class="chart" role="img" aria-label="{e(title)}" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{e(title)}</title>',
             f'<text x="0" y="16" class="ct">{e(title)}</text>']
    for i, (label, v) in enumerate(items):
        y = 30 + i * row_h
        w = max(1.0, bar_w * max(v, 0) / top)
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"  # full text in <title>
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="cl"><title>{e(label)}</title>{e(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" class="cv">{e(fmt(v))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def grouped_bar_chart(title: str, groups: list[tuple[str, list[float | None]]], series: list[str],
                      fmt=fmt_pct, max_value: float | None = None) -> str:
    """Vertical grouped bars: one group per label, one bar per series (e.g. TW I..IV)."""
    groups = [(g, vals) for g, vals in groups if any(v is not None for v in vals)]
    if not groups:
        return f'<p class="nodata">{e(NO_DATA)}</p>'
    n = len(series)
    gw = max(70, 22 * n + 30)
    width = max(500, 60 + gw * len(groups))
    plot_h, top_pad = 220, 40
    h = top_pad + plot_h + 90
    top = max([max_value or 0] + [float(v) for _, vals in groups for v in vals if v is not None]) or 1.0
    parts = [f'<svg class="chart" role="img" aria-label="{e(title)}" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{e(title)}</title>',
             f'<text x="0" y="16" class="ct">{e(title)}</text>']
    for k, s in enumerate(series):  # legend
        parts.append(f'<rect x="{10 + k * 110}" y="24" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>'
                     f'<text x="{24 + k * 110}" y="33" class="cl">{e(s)}</text>')
    base = top_pad + plot_h
    parts.append(f'<line x1="50" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/>')
    for gi, (label, vals) in enumerate(groups):
        x0 = 60 + gi * gw
        for k, v in enumerate(vals):
            if v is None:
                continue
            bh = plot_h * max(float(v), 0) / top
            x = x0 + k * 22
            parts.append(f'<rect x="{x}" y="{base - bh:.1f}" width="18" height="{bh:.1f}" fill="{PALETTE[k % len(PALETTE)]}">'
                         f'<title>{e(label)} - {e(series[k])}: {e(fmt(v))}</title></rect>')
        short = label if len(label) <= 18 else label[:16] + "..."
        parts.append(f'<text x="{x0 + 11 * n}" y="{base + 16}" text-anchor="middle" class="cl"><title>{e(label)}</title>{e(short)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# --- page scaffolding ----------------------------------------------------------------------------------------------

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f4e79;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0}
header a{color:#fff}
main{padding:12px 28px 40px;max-width:1200px}
nav.toc a{margin-right:14px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 18px;margin:16px 0}
h2{font-size:18px;color:#1f4e79;margin:6px 0 10px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eef3f8}td.n{text-align:right;white-space:nowrap}
.nodata{color:#8a6d3b;background:#fcf8e3;padding:6px 10px;border-radius:4px}
.kpi{display:inline-block;margin:4px 18px 8px 0}.kpi b{display:block;font-size:20px;color:#1f4e79}
.chart{max-width:100%;height:auto;display:block;margin:8px 0}.ct{font-weight:bold;font-size:13px}.cl{font-size:11px}.cv{font-size:11px}
.sev-error{color:#a40000;font-weight:bold}.sev-warning{color:#8a5a00}.sev-info{color:#555}
.note{color:#555;font-size:12px}
"""


def page(title: str, subtitle: str, body: str, back: bool = False) -> str:
    back_link = '<p><a href="index.html">&larr; Kembali ke ringkasan</a></p>' if back else ""
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)}</title>'
            f"<style>{CSS}</style></head><body><header><h1>{e(title)}</h1><p>{e(subtitle)}</p></header>"
            f"<main>{back_link}{body}</main></body></html>")


def table(headers: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> str:
    if not rows:
        return f'<p class="nodata">{e(NO_DATA)}</p>'
    numeric = numeric or set()
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = []
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            raw = isinstance(v, _Raw)
            text = v.html if raw else e(v)
            cells.append(f'<td class="n">{text}</td>' if i in numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Raw:
    """Already-escaped HTML for a table cell (links)."""

    def __init__(self, html_text: str) -> None:
        self.html = html_text


def section(anchor: str, title: str, inner: str, note: str | None = None) -> str:
    n = f'<p class="note">{e(note)}</p>' if note else ""
    return f'<section id="{e(anchor)}"><h2>{e(title)}</h2>{n}{inner}</section>'


def missing(name: str) -> str:
    return f'<p class="nodata">{e(NO_DATA)} (tabel {e(name)} belum ada di gudang data).</p>'


# --- sections ------------------------------------------------------------------------------------------------------

def _agency_key(region_code: Any, agency: Any) -> str:
    return f"{region_code or ''}|{agency or ''}"


def coverage_section(db: _Db) -> str:
    t = "marts.mart_submission_coverage"
    if db.has(t, "region_code", "fiscal_year", "document_type", "is_received", "load_status"):
        rows = db.rows(f"""select region_code, region_name, fiscal_year, document_type, agency_names, versions_received,
                                  load_status, quarantine_reason
                           from {t} where is_received order by fiscal_year desc, region_code, document_type""") or []
        summary = db.rows(f"""select fiscal_year, count(distinct region_code) filter (where is_received) as received,
                                     count(distinct region_code) as regions
                              from {t} group by 1 order by 1 desc""") or []
        kpis = "".join(f'<span class="kpi"><b>{e(fmt_number(s["received"]))} dari {e(fmt_number(s["regions"]))}</b>'
                       f'wilayah mengirim dokumen tahun {e(s["fiscal_year"])}</span>' for s in summary)
        body = kpis + table(
            ["Kode wilayah", "Wilayah", "Tahun", "Dokumen", "Perangkat daerah", "Versi", "Status", "Alasan gagal"],
            [[r["region_code"], r["region_name"], r["fiscal_year"], DOC_TYPE_ID.get(r["document_type"], r["document_type"]),
              r.get("agency_names"), r.get("versions_received"), LOAD_STATUS_ID.get(r["load_status"], r["load_status"]),
              r.get("quarantine_reason") or ""] for r in rows])
        return section("cakupan", "Cakupan pengiriman", body,
                       "Siapa mengirim apa. Wilayah yang belum mengirim tercantum di mart_submission_coverage.")
    if db.has("marts.dim_submission", "agency_name", "region_code", "fiscal_year", "document_type", "status"):
        rows = db.rows("""select region_code, agency_name, fiscal_year, document_type, plan_version, status, value_count
                          from marts.dim_submission order by fiscal_year desc, region_code""") or []
        return section("cakupan", "Cakupan pengiriman", table(
            ["Kode wilayah", "Perangkat daerah", "Tahun", "Dokumen", "Versi", "Status", "Nilai terbaca"],
            [[r["region_code"], r["agency_name"], r["fiscal_year"], DOC_TYPE_ID.get(r["document_type"], r["document_type"]),
              r["plan_version"], r["status"], fmt_number(r["value_count"])] for r in rows], {6}))
    return section("cakupan", "Cakupan pengiriman", missing("mart_submission_coverage"))


def budget_section(db: _Db) -> tuple[str, str]:
    t = "marts.mart_budget_by_program"
    if db.has(t, "region_code", "agency_name", "fiscal_year", "program_name", "pagu_idr", "is_latest"):
        rows = db.rows(f"""select fiscal_year, region_code, region_name, agency_name, plan_version, nomenclature_code,
                                  program_name, is_support_program, pagu_idr, realisasi_idr, realisasi_through_quarter,
                                  serapan_pct, share_of_region_pagu_pct
                           from {t} where is_latest
                           order by fiscal_year desc, region_code, agency_name, nomenclature_code nulls last, program_name""") or []
    elif db.has("marts.v_budget", "measure", "amount_idr", "level"):
        rows = db.rows("""select fiscal_year, region_code, region_name, agency_name, plan_version, nomenclature_code,
                                 item_name as program_name, coalesce(nomenclature_code like 'X.XX.01', false) as is_support_program,
                                 sum(amount_idr) filter (where measure = 'pagu' and quarter is null) as pagu_idr,
                                 null as realisasi_idr, null as realisasi_through_quarter, null as serapan_pct,
                                 null as share_of_region_pagu_pct
                          from marts.v_budget where level = 'program' group by all
                          order by fiscal_year desc, region_code, agency_name, program_name""") or []
    else:
        return (section("anggaran", "Anggaran per program", missing("mart_budget_by_program")),
                section("serapan", "Serapan anggaran", missing("mart_budget_by_program")))
    totals: dict[tuple, dict[str, float]] = defaultdict(lambda: {"support": 0.0, "substance": 0.0})
    for r in rows:
        if r["pagu_idr"] is not None:
            k = (r["fiscal_year"], r["region_name"] or r["region_code"], r["agency_name"])
            totals[k]["support" if r["is_support_program"] else "substance"] += float(r["pagu_idr"])
    chart = hbar_chart("Total pagu per wilayah (Rp)",
                       [(f"{reg} {yr}", v["support"] + v["substance"]) for (yr, reg, _), v in sorted(totals.items())])
    support_rows = [[yr, reg, ag, fmt_rp(v["support"]), fmt_rp(v["substance"]),
                     fmt_pct(v["support"] / (v["support"] + v["substance"]) * 100) if v["support"] + v["substance"] else "-"]
                    for (yr, reg, ag), v in sorted(totals.items())]
    detail = table(["Tahun", "Wilayah", "Perangkat daerah", "Kode", "Program", "Pagu", "Porsi dari total"],
                   [[r["fiscal_year"], r["region_name"] or r["region_code"], r["agency_name"], r["nomenclature_code"] or "(belum cocok)",
                     r["program_name"], fmt_rp(r["pagu_idr"]), fmt_pct(r["share_of_region_pagu_pct"])] for r in rows], {5, 6})
    budget = section("anggaran", "Anggaran per program", chart + table(
        ["Tahun", "Wilayah", "Perangkat daerah", "Program penunjang", "Program substantif", "Porsi penunjang"],
        support_rows, {3, 4, 5}) + detail,
        "Pagu versi terakhir (murni/perubahan) per program. Program penunjang = X.XX.01.")
    ser = [r for r in rows if r.get("serapan_pct") is not None]
    chart2 = hbar_chart("Serapan anggaran per program (%)",
                        [(f"{r['region_name'] or r['region_code']}: {r['program_name']}", r["serapan_pct"]) for r in ser],
                        fmt=fmt_pct, color=PALETTE[2], max_value=100)
    absorption = section("serapan", "Serapan anggaran", chart2 + table(
        ["Tahun", "Wilayah", "Program", "Pagu", "Realisasi", "s.d. TW", "Serapan"],
        [[r["fiscal_year"], r["region_name"] or r["region_code"], r["program_name"], fmt_rp(r["pagu_idr"]),
          fmt_rp(r["realisasi_idr"]), r["realisasi_through_quarter"] or "-", fmt_pct(r["serapan_pct"])] for r in ser],
        {3, 4, 6}) if ser else f'<p class="nodata">{e(NO_DATA)}: belum ada realisasi anggaran yang dilaporkan.</p>',
        "Serapan = realisasi anggaran / pagu x 100 (atau serapan yang dinyatakan dokumen bila realisasi tidak ada).")
    return budget, absorption


def performance_section(db: _Db) -> str:
    t = "marts.mart_program_performance"
    if not db.has(t, "quarter", "region_code", "program_name", "indicator_name", "capaian_kinerja_pct"):
        return section("kinerja", "Rencana vs realisasi per triwulan", missing("mart_program_performance"))
    rows = db.rows(f"""select fiscal_year, quarter, region_code, region_name, agency_name, program_name, indicator_name,
                              annual_target, realisasi_kinerja, capaian_kinerja_pct, capaian_anggaran_pct, efisiensi_ratio,
                              rating_label
                       from {t} order by fiscal_year desc, region_code, quarter, program_name, indicator_name""") or []
    charted = [r for r in rows if r["capaian_kinerja_pct"] is not None]
    chart = hbar_chart("Capaian kinerja per indikator (%)",
                       [(f"{r['region_name'] or r['region_code']} TW {r['quarter'] or '-'}: {r['indicator_name'] or r['program_name']}",
                         r["capaian_kinerja_pct"]) for r in charted[:40]], fmt=fmt_pct, color=PALETTE[1], max_value=100)
    return section("kinerja", "Rencana vs realisasi per triwulan", chart + table(
        ["Tahun", "TW", "Wilayah", "Program", "Indikator", "Target tahunan", "Realisasi", "Capaian kinerja",
         "Capaian anggaran", "Efisiensi", "Predikat"],
        [[r["fiscal_year"], r["quarter"] or "-", r["region_name"] or r["region_code"], r["program_name"], r["indicator_name"],
          fmt_number(r["annual_target"]), fmt_number(r["realisasi_kinerja"]), fmt_pct(r["capaian_kinerja_pct"]),
          fmt_pct(r["capaian_anggaran_pct"]), fmt_number(r["efisiensi_ratio"], 2), r["rating_label"] or "-"] for r in rows],
        {5, 6, 7, 8, 9}),
        "Capaian = realisasi / target x 100; efisiensi = capaian kinerja / capaian anggaran (rasio).")


def backload_section(db: _Db) -> str:
    t = "marts.mart_quarterly_plan"
    if not db.has(t, "share_tw1", "share_tw4", "back_loaded", "agency_name"):
        return section("tw4", "Rencana yang menumpuk di TW IV", missing("mart_quarterly_plan"))
    per = db.rows(f"""select region_code, any_value(region_name) as region_name, agency_name, fiscal_year,
                             avg(share_tw1) as s1, avg(share_tw2) as s2, avg(share_tw3) as s3, avg(share_tw4) as s4,
                             count(*) as indicators, count(*) filter (where back_loaded) as back_loaded
                      from {t} group by region_code, agency_name, fiscal_year order by fiscal_year desc, region_code""") or []
    def pct(v):
        return None if v is None else float(v) * 100
    chart = grouped_bar_chart(
        "Rata-rata porsi target kumulatif yang direncanakan s.d. akhir triwulan (%)",
        [(f"{r['region_name'] or r['region_code']} {r['fiscal_year']}", [pct(r["s1"]), pct(r["s2"]), pct(r["s3"]), pct(r["s4"])])
         for r in per], ["TW I", "TW II", "TW III", "TW IV"], max_value=100)
    rows = db.rows(f"""select fiscal_year, region_code, region_name, agency_name, level, item_name, indicator_name,
                              annual_target, share_tw1, share_tw2, share_tw3, share_tw4, semantics, source_line
                       from {t} where back_loaded order by fiscal_year desc, region_code, source_line""") or []
    summary = table(["Wilayah", "Tahun", "Indikator", "Menumpuk di TW IV"],
                    [[r["region_name"] or r["region_code"], r["fiscal_year"], fmt_number(r["indicators"]),
                      fmt_number(r["back_loaded"])] for r in per], {2, 3})
    detail = table(["Tahun", "Wilayah", "Item", "Indikator", "TW I", "TW II", "TW III", "TW IV", "Baris"],
                   [[r["fiscal_year"], r["region_name"] or r["region_code"], r["item_name"], r["indicator_name"],
                     fmt_pct(pct(r["share_tw1"]), 1), fmt_pct(pct(r["share_tw2"]), 1), fmt_pct(pct(r["share_tw3"]), 1),
                     fmt_pct(pct(r["share_tw4"]), 1), r["source_line"]] for r in rows], {4, 5, 6, 7, 8})
    return section("tw4", "Rencana yang menumpuk di TW IV", chart + summary + detail,
                   "Menumpuk di TW IV: setidaknya separuh target tahunan baru direncanakan tercapai pada TW IV.")


def findings_by_agency(db: _Db) -> tuple[list[dict], str]:
    """All findings (mart_data_quality, else marts.findings) and which table they came from."""
    t = "marts.mart_data_quality"
    if db.has(t, "agency_name", "region_code", "severity", "message", "source_line"):
        rows = db.rows(f"""select region_code, region_name, agency_name, fiscal_year, source_file, source_line,
                                  check_name, severity, message
                           from {t} order by region_code, agency_name, fiscal_year, source_file, source_line nulls first""")
        return rows or [], t
    if db.has("marts.findings", "agency_name", "message"):
        rows = db.rows("""select region_code, null as region_name, agency_name, fiscal_year, source_file, source_line,
                                 finding_type as check_name, 'warning' as severity, message
                          from marts.findings order by region_code, agency_name, source_line""")
        return rows or [], "marts.findings"
    return [], ""


def agencies(db: _Db) -> list[dict]:
    for sql in ("""select distinct s.region_code, r.region_name, s.agency_name from marts.dim_submission s
                   left join marts.dim_region r using (region_code) order by 1, 3""",
                "select distinct region_code, region_name, agency_name from marts.v_budget order by 1, 3"):
        rows = db.rows(sql)
        if rows is not None:
            return rows
    return []


def quarantine_section(db: _Db) -> str:
    if not db.has("marts.quarantined_files", "source_path", "message"):
        return ""
    rows = db.rows("select source_path, agency_name, region_code, source_line, message from marts.quarantined_files "
                   "order by source_path") or []
    if not rows:
        return section("gagal", "Berkas yang gagal dimuat", "<p>Tidak ada: semua berkas berhasil dimuat.</p>")
    return section("gagal", "Berkas yang gagal dimuat", table(
        ["Berkas", "Perangkat daerah", "Wilayah", "Baris", "Alasan"],
        [[r["source_path"], r["agency_name"], r["region_code"], r["source_line"] or "-", r["message"]] for r in rows]))


# --- the report ----------------------------------------------------------------------------------------------------

def build_report(published_db: Path, out_dir: Path) -> Path:
    """Write index.html and one page per agency into out_dir (replaced as a whole); return index.html's path."""
    import duckdb

    published_db, out_dir = Path(published_db), Path(out_dir)
    if not published_db.is_file():
        raise ReportError(f"no published warehouse at {published_db}; run `rekap refresh` first")
    try:
        con = duckdb.connect(str(published_db), read_only=True)
    except duckdb.Error as exc:
        raise ReportError(f"cannot open {published_db} read-only: {exc}") from exc
    try:
        db = _Db(con)
        generated = dt.datetime.now().strftime("%d-%m-%Y %H:%M")
        run = db.rows("select * from marts.run_history order by started_at desc limit 1") if db.has(
            "marts.run_history", "started_at") else None
        run_text = ""
        if run:
            r = run[0]
            run_text = f" - data dari refresh {r.get('run_id', '')} ({r.get('started_at')})"
        subtitle = f"Dibuat {generated}{run_text}. Sumber: {published_db.name}"

        findings, findings_table = findings_by_agency(db)
        by_agency: dict[str, list[dict]] = defaultdict(list)
        for f in findings:
            by_agency[_agency_key(f["region_code"], f["agency_name"])].append(f)
        agency_rows = agencies(db)
        known = {_agency_key(a["region_code"], a["agency_name"]) for a in agency_rows}
        for k, fs in by_agency.items():  # findings of agencies not in the submissions list still get a page
            if k not in known:
                agency_rows.append({"region_code": fs[0]["region_code"], "region_name": fs[0]["region_name"],
                                    "agency_name": fs[0]["agency_name"]})
        pages: dict[str, str] = {}
        used: set[str] = set()
        links = []
        for a in agency_rows:
            key = _agency_key(a["region_code"], a["agency_name"])
            name = f"pd-{slug(str(a['region_code']) + '-' + str(a['agency_name']))}"
            while name in used:
                name += "-x"
            used.add(name)
            fs = by_agency.get(key, [])
            counts = defaultdict(int)
            for f in fs:
                counts[f["severity"]] += 1
            region_label = a.get("region_name") or a["region_code"]
            body = [f"<p>Wilayah: <b>{e(region_label)}</b> (kode {e(a['region_code'])})</p>"]
            if not findings_table:
                body.append(missing("mart_data_quality"))
            elif not fs:
                body.append("<p>Tidak ada temuan untuk perangkat daerah ini.</p>")
            else:
                body.append("<p>" + ", ".join(f"{e(SEVERITY_ID.get(s, s))}: {e(fmt_number(n))}" for s, n in sorted(counts.items()))
                            + "</p>")
                body.append(table(["No", "Tahun", "Berkas", "Baris", "Jenis", "Tingkat", "Uraian"],
                                  [[i, f["fiscal_year"], f["source_file"], f["source_line"] or "-", finding_label(f["check_name"], "id"),
                                    _Raw(f'<span class="sev-{e(f["severity"])}">{e(SEVERITY_ID.get(f["severity"], f["severity"]))}</span>'),
                                    f["message"]] for i, f in enumerate(fs, start=1)], {0, 3}))
                body.append('<p class="note">Mohon perbaiki butir-butir di atas dan kirimkan kembali dokumen yang sudah diperbaiki.</p>')
            pages[f"{name}.html"] = page(f"Temuan: {a['agency_name']}", subtitle, "".join(body), back=True)
            links.append([_Raw(f'<a href="{e(name)}.html">{e(a["agency_name"])}</a>'), region_label, a["region_code"],
                          fmt_number(counts.get("error", 0)), fmt_number(counts.get("warning", 0)),
                          fmt_number(counts.get("info", 0))])

        budget, absorption = budget_section(db)
        kpis = ""
        if db.has("marts.v_budget", "amount_idr", "measure"):
            k = db.rows("""select count(distinct region_code) as regions, count(distinct agency_name) as agencies,
                                  sum(amount_idr) filter (where measure = 'pagu' and level = 'program' and quarter is null) as pagu
                           from marts.v_budget""")
            if k:
                kpis = (f'<section id="ringkasan"><h2>Ringkasan</h2>'
                        f'<span class="kpi"><b>{e(fmt_number(k[0]["regions"]))}</b>wilayah dengan data anggaran</span>'
                        f'<span class="kpi"><b>{e(fmt_number(len(agency_rows)))}</b>perangkat daerah</span>'
                        f'<span class="kpi"><b>{e(fmt_rp(k[0]["pagu"]))}</b>total pagu tingkat program</span>'
                        f'<span class="kpi"><b>{e(fmt_number(len(findings)))}</b>temuan</span></section>')
        toc = ('<nav class="toc"><a href="#cakupan">Cakupan</a><a href="#anggaran">Anggaran per program</a>'
               '<a href="#kinerja">Rencana vs realisasi</a><a href="#serapan">Serapan</a><a href="#tw4">Menumpuk di TW IV</a>'
               '<a href="#temuan">Temuan per perangkat daerah</a><a href="#gagal">Gagal dimuat</a></nav>')
        temuan = section("temuan", "Temuan per perangkat daerah", table(
            ["Perangkat daerah", "Wilayah", "Kode", "Kesalahan", "Peringatan", "Informasi"], links, {3, 4, 5})
            if links else f'<p class="nodata">{e(NO_DATA)}</p>',
            "Satu halaman per perangkat daerah berisi daftar temuan yang dapat diteruskan kepada pengirim.")
        index = page("Laporan Konsolidasi Rencana Aksi dan Kinerja Daerah", subtitle,
                     toc + kpis + coverage_section(db) + budget + performance_section(db) + absorption
                     + backload_section(db) + temuan + quarantine_section(db))
    finally:
        con.close()

    # write into a fresh folder beside out_dir, then swap it in: a reader never sees half a report
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".report-", dir=out_dir.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; the report is for everyone who can read the warehouse
        (tmp / "index.html").write_text(index, encoding="utf-8")
        for name, text in pages.items():
            (tmp / name).write_text(text, encoding="utf-8")
        old = None
        if out_dir.exists():
            old = out_dir.parent / f".report-old-{os.getpid()}"
            if old.exists():
                shutil.rmtree(old)
            out_dir.rename(old)
        tmp.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise ReportError(f"cannot write the report into {out_dir}: {exc}") from exc
    return out_dir / "index.html"
