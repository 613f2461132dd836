"""The outputs per agency and per province: each agency's printable 'daftar perbaikan' page and workbook, and one
workbook per province with the findings of all its agencies. Each is planned under a fingerprint of what it is made
from (the agency, its findings, the date of its latest document, the page's wording) and kept when that did not
change. No page or workbook here carries the time it was written: the same findings give the same bytes."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rekap.report.cache import Cache, fingerprint
from rekap.report.fmt import fmt_number
from rekap.report.folder import Outputs
from rekap.report.labels import CHECK_ID, SEVERITY_ID, SEVERITY_ORDER, label
from rekap.report.scope import province_of
from rekap.report.sections import region_label

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written, not when every one is kept
    from rekap.report.corrections import WorkbookJob


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
    return s[:80] or "pd"


def finding_view(f: dict) -> dict:
    """The agency knows its own folder: the page names the file, its full path is in the tooltip and the workbook."""
    return {
        **f,
        "severity_label": label(SEVERITY_ID, f["severity"]),
        "check": label(CHECK_ID, f["check_name"]),
        "file_name": (f["source_file"] or "-").rsplit("/", 1)[-1],
    }


def severity_sorted(findings: list[dict]) -> list[dict]:
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


@dataclass
class AgencyOutputs:
    """What the front page lists: one row per agency (its page, its workbook, counts by severity), the province
    workbooks, and how many findings there are in all."""

    agencies: list[dict]
    provinces: list[dict]
    findings: int


def plan_agencies(
    agency_rows: list[dict],
    findings: list[dict],
    province_names: dict[str, str],
    page: Any,
    page_context: dict,
    cache: Cache,
    out: Outputs,
) -> AgencyOutputs:
    """Plan every agency's page and workbook and every province's workbook into `out` (rendered only when their
    inputs changed). agency_rows: region_code, region_name, agency_name, last_received_date; page: the agency
    template; page_context: what every agency page shows besides its agency."""
    by_agency: dict[tuple, list[dict]] = defaultdict(list)
    for f in findings:
        by_agency[(f["region_code"], f["agency_name"])].append(f)
    rows = list(agency_rows)
    known = {(a["region_code"], a["agency_name"]) for a in rows}
    for key, fs in by_agency.items():  # findings of agencies not in the submissions list still get a page
        if key not in known:
            rows.append(
                {
                    "region_code": key[0],
                    "region_name": fs[0]["region_name"],
                    "agency_name": key[1],
                    "last_received_date": None,
                }
            )
    rows.sort(key=lambda a: (a["region_code"] or "", a["agency_name"] or ""))

    used: set[str] = set()
    listed = []
    by_province: dict[str, list[dict]] = defaultdict(list)
    digests: dict[str, list[str]] = defaultdict(list)  # the province's findings: its agencies', in order
    latest: dict[str, Any] = {}
    for a in rows:
        name = f"pd-{slug(str(a['region_code']) + '-' + str(a['agency_name']))}"
        while name in used:
            name += "-x"
        used.add(name)
        fs = severity_sorted(by_agency.get((a["region_code"], a["agency_name"]), []))
        counts = Counter(f["severity"] for f in fs)
        xlsx = f"{name}.xlsx" if fs else None
        as_of = a.get("last_received_date")
        found = fingerprint("findings", fs)  # the findings are read once for the page and both workbooks
        if xlsx:
            title = f"Daftar perbaikan: {a['agency_name']} ({region_label(a)})"
            _workbook(out, cache, xlsx, (title, fs, as_of), fingerprint("workbook", title, found, as_of))
            province = province_of(a["region_code"]) or "-"
            by_province[province].extend(fs)
            digests[province].append(found)
            if as_of and (latest.get(province) is None or as_of > latest[province]):
                latest[province] = as_of
        context = {
            **page_context,
            "title": f"Daftar perbaikan: {a['agency_name']}",
            "agency": {**a, "region": region_label(a)},
            "xlsx": xlsx,
            "counts": [{"label": SEVERITY_ID[s], "n": fmt_number(counts[s])} for s in SEVERITY_ORDER if counts.get(s)],
        }
        page_key = fingerprint("agency page", context, found)
        if (kept := cache.kept(f"{name}.html", page_key)) is not None:
            out.kept[f"{name}.html"] = kept
        else:
            out.pages[f"{name}.html"] = page.render(**context, findings=[finding_view(f) for f in fs])
        listed.append(
            {
                **a,
                "region": region_label(a),
                "page": f"{name}.html",
                "xlsx": xlsx,
                "errors": fmt_number(counts.get("error", 0)),
                "warnings": fmt_number(counts.get("warning", 0)),
                "infos": fmt_number(counts.get("info", 0)),
            }
        )

    provinces = []
    for code in sorted(by_province):
        province = province_names.get(code) or code
        xlsx = f"daftar-perbaikan-provinsi-{slug(code + '-' + province)}.xlsx"
        title = f"Daftar perbaikan semua perangkat daerah — Provinsi {province} (kode {code})"
        book_key = fingerprint("workbook", title, digests[code], latest.get(code))
        _workbook(out, cache, xlsx, (title, by_province[code], latest.get(code)), book_key)
        provinces.append({"code": code, "name": province, "xlsx": xlsx})
    return AgencyOutputs(listed, provinces, sum(len(fs) for fs in by_agency.values()))


def _workbook(out: Outputs, cache: Cache, name: str, job: WorkbookJob, key: str) -> None:
    if (kept := cache.kept(name, key)) is not None:
        out.kept[name] = kept
    else:
        out.workbooks[name] = job
