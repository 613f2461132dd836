"""Build the report from the published warehouse (read-only): index.html, one printable 'daftar perbaikan' page
and workbook per agency, and a workbook of every finding. Pages are Jinja2 templates (templates/), numbers are
formatted by babel (fmt.py), charts are matplotlib SVG (charts.py); the figures and judgements come from the marts
(data.py). A file without those marts is a ReportError naming them."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rekap.report import charts, data
from rekap.report.corrections import write_all
from rekap.report.fmt import fmt_date, fmt_datetime, fmt_number, fmt_pct, fmt_rp
from rekap.report.labels import (
    CHECK_ID,
    DOC_TYPE_ID,
    JUDGEMENT_ID,
    LOAD_STATUS_ID,
    QUARTER_ID,
    RUN_STATUS_ID,
    SEVERITY_ID,
    SEVERITY_ORDER,
    label,
)
from rekap.report.scope import (
    SETTINGS_FILE,
    Scope,
    ScopeError,
    configured_province,
    resolve_scope,
)

TITLE = "Laporan Konsolidasi Rencana Aksi dan Kinerja Daerah"
CHART_ROWS = 40  # bars per chart; the tables below list every row


class ReportError(Exception):
    """The report cannot be written (no published warehouse, unreadable file, bad setting, folder not writable);
    the message is for the operator, in Bahasa Indonesia."""


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
    return s[:80] or "pd"


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("rekap.report", "templates"),
        autoescape=select_autoescape(["j2", "html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _region(r: dict) -> str:
    return r.get("region_name") or r.get("region_code") or "-"


# --- sections: rows of the marts -> what the templates show ----------------------------------------------------------


def _coverage(w: data.Warehouse, scope: Scope) -> dict:
    rows = [r for r in data.coverage(w) if scope.includes(r["region_code"])]
    sentences = []
    provinces = data.province_coverage(w)
    latest = max((p["fiscal_year"] for p in provinces), default=None)
    for p in provinces:
        # each province that sent anything that year; the report's own province also for the latest year
        if scope.province_code and p["province_code"] != scope.province_code:
            continue
        if not (p["regions_received"] or (scope.province_code and p["fiscal_year"] == latest)):
            continue
        name = p["province_name"] or p["province_code"]
        gov = "mengirim" if p["province_received"] else "belum mengirim"
        sentences.append(
            {
                "year": p["fiscal_year"],
                "text": (
                    f"{fmt_number(p['kabkota_received'])} dari {fmt_number(p['kabkota_total'])} kabupaten/kota "
                    f"Provinsi {name} mengirim dokumen tahun {p['fiscal_year']}; Pemerintah Provinsi {name} {gov}."
                ),
                "missing": (p["kabkota_not_received"] or "") if scope.province_code else "",
            }
        )
    return {
        "sentences": sentences,
        "rows": [
            {
                **r,
                "document": label(DOC_TYPE_ID, r["document_type"]),
                "status": label(LOAD_STATUS_ID, r["load_status"]),
                "received": fmt_date(r.get("last_received_date")),
            }
            for r in rows
        ],
    }


def _performance(w: data.Warehouse, scope: Scope) -> dict:
    rows = [r for r in data.quarter_rating(w) if scope.includes(r["region_code"])]
    # furthest behind plan first (ties in the table's order): with many indicators the chart shows the lowest ones
    rated = sorted((r for r in rows if r["judgement"] == "rated"), key=lambda r: r["capaian_vs_plan_pct"])
    title = "Capaian terhadap rencana triwulan (%)"
    if len(rated) > CHART_ROWS:
        title += f": {CHART_ROWS} terendah dari {fmt_number(len(rated))}"
    chart = charts.hbar(
        title,
        "Capaian terhadap rencana s.d. triwulan (100% = sesuai rencana)",
        [
            (
                f"{_region(r)} {r['fiscal_year']} {label(QUARTER_ID, r['quarter'])}: {r['indicator_name'] or r['program_name']}",
                r["capaian_vs_plan_pct"],
            )
            for r in rated[:CHART_ROWS]
        ],
        fmt=fmt_pct,
        color=charts.PALETTE[1],
        reference=100,
        reference_label="sesuai rencana",
    )
    return {
        "chart": chart,
        "rows": [
            {
                "fiscal_year": r["fiscal_year"],
                "region_code": r["region_code"],
                "region": _region(r),
                "quarter": label(QUARTER_ID, r["quarter"]),
                "program": r["program_name"] or "-",
                "indicator": r["indicator_name"] or "-",
                "annual_target": fmt_number(r["annual_target"]),
                "realisasi": fmt_number(r["realisasi_kinerja"]),
                "capaian": fmt_pct(r["capaian_kinerja_pct"]) + ("*" if r["capaian_source"] == "stated" else ""),
                "planned": fmt_pct(r["planned_cumulative_share_pct"]),
                "vs_plan": fmt_pct(r["capaian_vs_plan_pct"]),
                "band": r["rating_band"],
                "rating": r["rating_label"] if r["judgement"] == "rated" else label(JUDGEMENT_ID, r["judgement"]),
                "pagu": fmt_rp(r["pagu_idr"]),
                "realisasi_idr": fmt_rp(r["realisasi_idr"]),
                "serapan": fmt_pct(r["capaian_anggaran_pct"]),
                "line": r["source_line"],
            }
            for r in rows
        ],
    }


def _budget(w: data.Warehouse, scope: Scope) -> dict:
    per_agency = [r for r in data.budget_by_agency(w) if scope.includes(r["region_code"])]
    programs = [r for r in data.budget_by_program(w) if scope.includes(r["region_code"])]
    charted = [r for r in per_agency if r["pagu_idr"] is not None]
    chart = charts.hbar(
        "Total pagu program per perangkat daerah",
        "Pagu (Rp)",
        [(f"{_region(r)} {r['fiscal_year']}: {r['agency_name']}", r["pagu_idr"]) for r in charted[:CHART_ROWS]],
        fmt=lambda v: _short_rp(v),
        color=charts.PALETTE[0],
    )
    return {
        "chart": chart,
        "agencies": [
            {
                **r,
                "region": _region(r),
                "programs": fmt_number(r["programs"]),
                "pagu": fmt_rp(r["pagu_idr"]),
                "support": fmt_rp(r["pagu_support_idr"]),
                "substantive": fmt_rp(r["pagu_substantive_idr"]),
                "support_share": fmt_pct(r["support_share_pct"]),
                "realisasi": fmt_rp(r["realisasi_idr"]),
                "agency_pagu": fmt_rp(r["agency_pagu_idr"]),
                "agency_realisasi": fmt_rp(r["agency_realisasi_idr"])
                + (
                    f" ({label(QUARTER_ID, r['agency_realisasi_through_quarter'])})"
                    if r["agency_realisasi_through_quarter"]
                    else ""
                ),
            }
            for r in per_agency
        ],
        "programs": [
            {
                **r,
                "region": _region(r),
                "code": r["nomenclature_code"] or "(belum cocok)",
                "pagu": fmt_rp(r["pagu_idr"]),
                "share": fmt_pct(r["share_of_region_pagu_pct"]),
            }
            for r in programs
        ],
        "absorption": [
            {
                **r,
                "region": _region(r),
                "pagu": fmt_rp(r["pagu_idr"]),
                "realisasi": fmt_rp(r["realisasi_idr"]),
                "through": label(QUARTER_ID, r["realisasi_through_quarter"]),
                "serapan": fmt_pct(r["serapan_pct"]),
                "serapan_source": {"computed": "dihitung", "stated": "dinyatakan dokumen"}.get(
                    r["serapan_source"], "-"
                ),
            }
            for r in programs
            if r["serapan_pct"] is not None or r["realisasi_idr"] is not None
        ],
    }


def _short_rp(v: float) -> str:
    """Axis and bar labels: 'Rp 27,1 M' (miliar) / 'Rp 125 jt' (juta); the tables carry the exact amounts."""
    if abs(v) >= 1e12:
        return f"Rp {fmt_number(round(v / 1e12, 1))} T"
    if abs(v) >= 1e9:
        return f"Rp {fmt_number(round(v / 1e9, 1))} M"
    if abs(v) >= 1e6:
        return f"Rp {fmt_number(round(v / 1e6, 1))} jt"
    return f"Rp {fmt_number(round(v))}"


def _plan(w: data.Warehouse, scope: Scope) -> dict:
    per, rows = ([r for r in rs if scope.includes(r["region_code"])] for rs in data.quarterly_plan(w))
    chart = charts.grouped_bars(
        "Rata-rata porsi target tahunan yang direncanakan s.d. akhir triwulan",
        "Porsi target tahunan (%)",
        [(f"{_region(r)} {r['fiscal_year']}", [r["s1"], r["s2"], r["s3"], r["s4"]]) for r in per[:CHART_ROWS]],
        ["TW I", "TW II", "TW III", "TW IV"],
        fmt=lambda v: fmt_pct(round(v, 1)),
        ymax=100,
    )
    return {
        "chart": chart,
        "per": [
            {
                **r,
                "region": _region(r),
                "indicators": fmt_number(r["indicators"]),
                "with_shares": fmt_number(r["with_shares"]),
                "back_loaded": fmt_number(r["back_loaded"]),
            }
            for r in per
        ],
        "rows": [
            {
                **r,
                "region": _region(r),
                "line": r["source_line"],
                **{k: fmt_pct(None if r[k] is None else round(r[k], 1)) for k in ("s1", "s2", "s3", "s4")},
            }
            for r in rows
        ],
    }


def _run_status(runs: list[dict]) -> dict:
    if not runs:
        return {
            "css": "",
            "status": "belum tercatat",
            "when": "riwayat refresh tidak ada di gudang data",
            "error": None,
            "published_note": None,
        }
    last = runs[0]
    status = last["status"]
    note = None
    if status == "failed":
        published = next((r for r in runs if r["status"] == "published"), None)
        note = "Data di laporan ini berasal dari penerbitan sebelumnya" + (
            f" (refresh {published['run_id']}, {fmt_datetime(published['finished_at'] or published['started_at'])})."
            if published
            else "."
        )
    tests = ""
    if last.get("tests_passed") is not None or last.get("tests_failed"):
        tests = f"; uji lulus {fmt_number(last.get('tests_passed') or 0)}, gagal {fmt_number(last.get('tests_failed') or 0)}"
    return {
        "css": status,
        "status": label(RUN_STATUS_ID, status).upper() if status == "failed" else label(RUN_STATUS_ID, status),
        "when": f"refresh {last['run_id']}, mulai {fmt_datetime(last['started_at'])}{tests}",
        "error": (f"Penyebab: {last['error']}" if last.get("error") else None),
        "published_note": note,
    }


def _finding_view(f: dict) -> dict:
    """The agency knows its own folder: the page names the file, its full path is in the tooltip and the workbook."""
    return {
        **f,
        "severity_label": label(SEVERITY_ID, f["severity"]),
        "check": label(CHECK_ID, f["check_name"]),
        "file_name": (f["source_file"] or "-").rsplit("/", 1)[-1],
    }


def _severity_sorted(findings: list[dict]) -> list[dict]:
    """Most severe first, then file and line: the order an agency works through them (total tie-break)."""
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER.get(f["severity"], 9),
            f["source_file"] or "",
            f["source_line"] if f["source_line"] is not None else -1,
            f["fiscal_year"] or 0,
            f["check_name"] or "",
            f["message"] or "",
        ),
    )


# --- the report ------------------------------------------------------------------------------------------------------


def build_report(
    published_db: Path,
    out_dir: Path,
    *,
    province: str | None = None,
    runs_db: Path | None = None,
    settings_file: Path | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write the report into out_dir (replaced as a whole) and return index.html's path.

    province: the province the report is for (two-digit code); default the setting in settings_file
    (default: rekap.toml of the workspace holding warehouse/) or REKAP_REPORT_PROVINCE, else inferred when all
    loaded regions share one province. runs_db: the landing state (default warehouse/state/landing.duckdb), whose
    run log also has the failed attempts that published nothing: the front page shows the last one."""
    import duckdb

    published_db, out_dir = Path(published_db), Path(out_dir)
    runs_db = Path(runs_db) if runs_db is not None else published_db.parent / "state" / "landing.duckdb"
    settings_file = Path(settings_file) if settings_file is not None else published_db.parent.parent / SETTINGS_FILE
    if not published_db.is_file():
        raise ReportError(f"belum ada gudang data terbit di {published_db}; jalankan `rekap refresh` dahulu")
    try:
        configured = province or configured_province(settings_file)
    except ScopeError as exc:
        raise ReportError(str(exc)) from exc
    try:
        con = duckdb.connect(str(published_db), read_only=True)
    except duckdb.Error as exc:
        raise ReportError(f"{published_db} tidak dapat dibuka (hanya-baca): {exc}") from exc
    generated = now or dt.datetime.now()
    try:
        w = data.Warehouse(con)
        scope = resolve_scope(configured, data.loaded_region_codes(w), data.province_names(w))
        pages, workbooks, index = _render(w, scope, published_db.name, generated, runs_db)
    except data.MissingMarts as exc:
        raise ReportError(
            f"{published_db} bukan gudang data rekap versi ini (tidak ada {exc}); jalankan `rekap refresh`"
        ) from exc
    except duckdb.Error as exc:
        raise ReportError(f"{published_db} tidak dapat dibaca: {exc}") from exc
    finally:
        con.close()
    return _write(out_dir, index, pages, workbooks)


def _render(w: data.Warehouse, scope: Scope, source_name: str, generated: dt.datetime, runs_db: Path | None):
    env = _env()
    scope_text = (
        f"Provinsi {scope.province_name or scope.province_code} (kode {scope.province_code})"
        if scope.province_code
        else "Semua wilayah dalam gudang data"
    )
    subtitle = f"Cakupan: {scope_text}"
    common = {"subtitle": subtitle, "generated": fmt_datetime(generated), "source_name": source_name}

    by_agency: dict[tuple, list[dict]] = defaultdict(list)
    for f in data.findings(w):
        if scope.includes(f["region_code"]):
            by_agency[(f["region_code"], f["agency_name"])].append(f)
    agency_rows = [a for a in data.agencies(w) if scope.includes(a["region_code"])]
    known = {(a["region_code"], a["agency_name"]) for a in agency_rows}
    for key, fs in by_agency.items():  # findings of agencies not in the submissions list still get a page
        if key not in known:
            agency_rows.append({"region_code": key[0], "region_name": fs[0]["region_name"], "agency_name": key[1]})
    agency_rows.sort(key=lambda a: (a["region_code"] or "", a["agency_name"] or ""))

    pages: dict[str, str] = {}
    workbooks: dict[str, tuple[str, list[dict]]] = {}
    used: set[str] = set()
    agencies_view = []
    for a in agency_rows:
        name = f"pd-{slug(str(a['region_code']) + '-' + str(a['agency_name']))}"
        while name in used:
            name += "-x"
        used.add(name)
        fs = _severity_sorted(by_agency.get((a["region_code"], a["agency_name"]), []))
        counts = Counter(f["severity"] for f in fs)
        xlsx = f"{name}.xlsx" if fs else None
        if xlsx:
            workbooks[xlsx] = (f"Daftar perbaikan: {a['agency_name']} ({_region(a)})", fs)
        pages[f"{name}.html"] = env.get_template("agency.html.j2").render(
            title=f"Daftar perbaikan: {a['agency_name']}",
            agency={**a, "region": _region(a)},
            xlsx=xlsx,
            findings=[_finding_view(f) for f in fs],
            counts=[{"label": SEVERITY_ID[s], "n": fmt_number(counts[s])} for s in SEVERITY_ORDER if counts.get(s)],
            **{
                **common,
                "subtitle": f"Hasil pemeriksaan dokumen yang diterima, untuk diperbaiki dan dikirim ulang ({scope_text})",
            },
        )
        agencies_view.append(
            {
                **a,
                "region": _region(a),
                "page": f"{name}.html",
                "xlsx": xlsx,
                "errors": fmt_number(counts.get("error", 0)),
                "warnings": fmt_number(counts.get("warning", 0)),
                "infos": fmt_number(counts.get("info", 0)),
            }
        )
    all_findings = [f for fs in by_agency.values() for f in fs]
    all_xlsx = None
    if all_findings:
        all_xlsx = "daftar-perbaikan-semua.xlsx"
        ordered = sorted(all_findings, key=lambda f: (f["region_code"] or "", f["agency_name"] or ""))
        grouped: list[dict] = []
        for key in dict.fromkeys((f["region_code"], f["agency_name"]) for f in ordered):
            grouped.extend(_severity_sorted(by_agency[key]))
        workbooks[all_xlsx] = (f"Daftar perbaikan semua perangkat daerah — {scope_text}", grouped)

    coverage = _coverage(w, scope)
    perf = _performance(w, scope)
    budget = _budget(w, scope)
    plan = _plan(w, scope)
    quarantine = [r for r in data.quarantined(w) if r["region_code"] is None or scope.includes(r["region_code"])]
    pagus = [
        r["pagu_idr"]
        for r in data.program_pagu_by_region(w)
        if r["pagu_idr"] is not None and scope.includes(r["region_code"])
    ]
    pagu_total = sum(pagus) if pagus else None
    kpis = [
        {"value": fmt_number(len({a["region_code"] for a in agency_rows})), "label": "wilayah mengirim dokumen"},
        {"value": fmt_number(len(agency_rows)), "label": "perangkat daerah"},
        {"value": fmt_rp(pagu_total), "label": "total pagu tingkat program (versi terakhir)"},
        {"value": fmt_number(len(all_findings)), "label": "temuan"},
    ]
    rated = sum(1 for r in perf["rows"] if r["band"])
    kpis.append(
        {
            "value": f"{fmt_number(rated)} dari {fmt_number(len(perf['rows']))}",
            "label": "indikator program dinilai terhadap rencana triwulan",
        }
    )

    years, region_names = set(), {}
    for rows in (coverage["rows"], perf["rows"], budget["agencies"]):
        for r in rows:
            years.add(r["fiscal_year"])
            region_names[r["region_code"]] = r.get("region_name") or r.get("region") or r["region_code"]
    for a in agency_rows:
        region_names.setdefault(a["region_code"], _region(a))
    filters = {
        "years": sorted((y for y in years if y is not None), reverse=True),
        "regions": sorted(region_names.items()),
    }

    index = env.get_template("index.html.j2").render(
        title=TITLE,
        run=_run_status(data.runs(w, runs_db)),
        filters=filters,
        kpis=kpis,
        coverage=coverage,
        perf=perf,
        budget=budget,
        plan=plan,
        agencies=agencies_view,
        all_xlsx=all_xlsx,
        quarantine=quarantine,
        **common,
    )
    workbooks_out = {name: (title, fs, generated) for name, (title, fs) in workbooks.items()}
    return pages, workbooks_out, index


def _write(out_dir: Path, index: str, pages: dict[str, str], workbooks: dict[str, tuple]) -> Path:
    """Write into a fresh folder beside out_dir, then swap it in: a reader never sees half a report."""
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".report-", dir=out_dir.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; the report is for everyone who can read the warehouse
        (tmp / "index.html").write_text(index, encoding="utf-8")
        for name, text in pages.items():
            (tmp / name).write_text(text, encoding="utf-8")
        write_all(tmp, workbooks)
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
        raise ReportError(f"laporan tidak dapat ditulis ke {out_dir}: {exc}") from exc
    return out_dir / "index.html"
