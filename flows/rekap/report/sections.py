"""The front page's sections: rows of the marts -> what the templates show. Each table's body is rendered per year
and region (its rows come ordered by year, then region) and each chart from its own bars, every piece through the
cache: a refresh that changed one region renders that region's rows again and nothing else."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from rekap.report import charts
from rekap.report.cache import Cache, fingerprint
from rekap.report.fmt import fmt_date, fmt_datetime, fmt_number, fmt_pct, fmt_rp
from rekap.report.labels import (
    DOC_TYPE_ID,
    JUDGEMENT_ID,
    LOAD_STATUS_ID,
    QUARTER_ID,
    RUN_STATUS_ID,
    label,
)

CHART_ROWS = 40  # bars per chart; the tables below list every row
Rows = list[dict[str, Any]]


def region_label(r: dict) -> str:
    return r.get("region_name") or r.get("region_code") or "-"


class Sections:
    """Renders table bodies and charts through the cache; `rows` are the templates' row macros (rows.html.j2)."""

    def __init__(self, cache: Cache, rows: Any) -> None:
        self.cache, self.rows = cache, rows

    def body(self, macro: str, rows: Rows, view: Callable[[dict], dict], by: tuple[str, ...]) -> Markup:
        """The table body: consecutive rows sharing `by` (year and region) rendered, or kept, as one piece."""
        render = getattr(self.rows, macro)
        parts = []
        for _, group in itertools.groupby(rows, key=lambda r: tuple(r.get(k) for k in by)):
            chunk = list(group)

            def rendered(chunk: Rows = chunk) -> str:
                return str(render([view(r) for r in chunk]))

            parts.append(self.cache.fragment(fingerprint("rows", macro, chunk), rendered))
        return Markup("".join(parts))

    def chart(self, name: str, draw: Callable[..., str | None], *args: Any, **kwargs: Any) -> str:
        """A chart drawn from its arguments (the bars and their labels), or kept; '' when there is nothing to draw.
        Formatting functions are code, covered by the report's version, so they are left out of the key."""
        key_args = [a for a in args if not callable(a)]
        key_kwargs = {k: v for k, v in kwargs.items() if not callable(v)}
        return self.cache.fragment(
            fingerprint("chart", name, key_args, key_kwargs), lambda: draw(*args, **kwargs) or ""
        )


YEAR_REGION = ("fiscal_year", "region_code")


def coverage(s: Sections, rows: Rows, provinces: Rows, province_code: str | None) -> dict:
    sentences = []
    latest = max((p["fiscal_year"] for p in provinces), default=None)
    for p in provinces:
        # each province that sent anything that year; the report's own province also for the latest year
        if province_code and p["province_code"] != province_code:
            continue
        if not (p["regions_received"] or (province_code and p["fiscal_year"] == latest)):
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
                "missing": (p["kabkota_not_received"] or "") if province_code else "",
            }
        )

    def view(r: dict) -> dict:
        return {
            **r,
            "document": label(DOC_TYPE_ID, r["document_type"]),
            "status": label(LOAD_STATUS_ID, r["load_status"]),
            "received": fmt_date(r.get("last_received_date")),
        }

    return {"sentences": sentences, "body": s.body("coverage_rows", rows, view, YEAR_REGION)}


def _performance_row(r: dict) -> dict:
    return {
        "fiscal_year": r["fiscal_year"],
        "region_code": r["region_code"],
        "region": region_label(r),
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


def performance(s: Sections, rows: Rows) -> dict:
    # furthest behind plan first (ties in the table's order): with many indicators the chart shows the lowest ones
    rated = sorted((r for r in rows if r["judgement"] == "rated"), key=lambda r: r["capaian_vs_plan_pct"])
    title = "Capaian terhadap rencana triwulan (%)"
    if len(rated) > CHART_ROWS:
        title += f": {CHART_ROWS} terendah dari {fmt_number(len(rated))}"
    bars = [
        (
            f"{region_label(r)} {r['fiscal_year']} {label(QUARTER_ID, r['quarter'])}: "
            f"{r['indicator_name'] or r['program_name']}",
            r["capaian_vs_plan_pct"],
        )
        for r in rated[:CHART_ROWS]
    ]
    chart = s.chart(
        "performance",
        charts.hbar,
        title,
        "Capaian terhadap rencana s.d. triwulan (100% = sesuai rencana)",
        bars,
        fmt=fmt_pct,
        color=charts.PALETTE[1],
        reference=100,
        reference_label="sesuai rencana",
    )
    return {"chart": chart, "body": s.body("performance_rows", rows, _performance_row, YEAR_REGION)}


def _agency_budget_row(r: dict) -> dict:
    through = r["agency_realisasi_through_quarter"]
    return {
        **r,
        "region": region_label(r),
        "programs": fmt_number(r["programs"]),
        "pagu": fmt_rp(r["pagu_idr"]),
        "support": fmt_rp(r["pagu_support_idr"]),
        "substantive": fmt_rp(r["pagu_substantive_idr"]),
        "support_share": fmt_pct(r["support_share_pct"]),
        "realisasi": fmt_rp(r["realisasi_idr"]),
        "agency_pagu": fmt_rp(r["agency_pagu_idr"]),
        "agency_realisasi": fmt_rp(r["agency_realisasi_idr"]) + (f" ({label(QUARTER_ID, through)})" if through else ""),
    }


def _program_row(r: dict) -> dict:
    return {
        **r,
        "region": region_label(r),
        "code": r["nomenclature_code"] or "(belum cocok)",
        "pagu": fmt_rp(r["pagu_idr"]),
        "share": fmt_pct(r["share_of_region_pagu_pct"]),
    }


def _absorption_row(r: dict) -> dict:
    return {
        **r,
        "region": region_label(r),
        "pagu": fmt_rp(r["pagu_idr"]),
        "realisasi": fmt_rp(r["realisasi_idr"]),
        "through": label(QUARTER_ID, r["realisasi_through_quarter"]),
        "serapan": fmt_pct(r["serapan_pct"]),
        "serapan_source": {"computed": "dihitung", "stated": "dinyatakan dokumen"}.get(r["serapan_source"], "-"),
    }


def budget(s: Sections, per_agency: Rows, programs: Rows) -> dict:
    charted = [r for r in per_agency if r["pagu_idr"] is not None]
    chart = s.chart(
        "budget",
        charts.hbar,
        "Total pagu program per perangkat daerah",
        "Pagu (Rp)",
        [(f"{region_label(r)} {r['fiscal_year']}: {r['agency_name']}", r["pagu_idr"]) for r in charted[:CHART_ROWS]],
        fmt=short_rp,
        color=charts.PALETTE[0],
    )
    absorbed = [r for r in programs if r["serapan_pct"] is not None or r["realisasi_idr"] is not None]
    return {
        "chart": chart,
        "agencies_body": s.body("budget_agency_rows", per_agency, _agency_budget_row, YEAR_REGION),
        "programs_body": s.body("program_rows", programs, _program_row, YEAR_REGION),
        "absorption_body": s.body("absorption_rows", absorbed, _absorption_row, YEAR_REGION),
    }


def short_rp(v: float) -> str:
    """Axis and bar labels: 'Rp 27,1 M' (miliar) / 'Rp 125 jt' (juta); the tables carry the exact amounts."""
    if abs(v) >= 1e12:
        return f"Rp {fmt_number(round(v / 1e12, 1))} T"
    if abs(v) >= 1e9:
        return f"Rp {fmt_number(round(v / 1e9, 1))} M"
    if abs(v) >= 1e6:
        return f"Rp {fmt_number(round(v / 1e6, 1))} jt"
    return f"Rp {fmt_number(round(v))}"


def _share_pct(v: float) -> str:
    return fmt_pct(round(v, 1))


def plan(s: Sections, per: Rows, rows: Rows) -> dict:
    chart = s.chart(
        "plan",
        charts.grouped_bars,
        "Rata-rata porsi target tahunan yang direncanakan s.d. akhir triwulan",
        "Porsi target tahunan (%)",
        [(f"{region_label(r)} {r['fiscal_year']}", [r["s1"], r["s2"], r["s3"], r["s4"]]) for r in per[:CHART_ROWS]],
        ["TW I", "TW II", "TW III", "TW IV"],
        fmt=_share_pct,
        ymax=100,
    )

    def per_view(r: dict) -> dict:
        return {
            **r,
            "region": region_label(r),
            "indicators": fmt_number(r["indicators"]),
            "with_shares": fmt_number(r["with_shares"]),
            "back_loaded": fmt_number(r["back_loaded"]),
        }

    def row_view(r: dict) -> dict:
        return {
            **r,
            "region": region_label(r),
            "line": r["source_line"],
            **{k: fmt_pct(None if r[k] is None else round(r[k], 1)) for k in ("s1", "s2", "s3", "s4")},
        }

    return {
        "chart": chart,
        "per_body": s.body("plan_agency_rows", per, per_view, YEAR_REGION),
        "rows_body": s.body("back_loaded_rows", rows, row_view, YEAR_REGION),
    }


def run_status(runs: Rows) -> dict:
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
