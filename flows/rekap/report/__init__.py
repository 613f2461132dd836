"""The planners' report: self-contained HTML in Bahasa Indonesia under warehouse/report/, written after every publish.

``build_report(published_db, out_dir)`` reads the published warehouse read-only and writes ``index.html`` (coverage
for the province, each quarter judged against its plan, budget and serapan, back-loaded plans, run status, filters by
year and region) plus a printable 'daftar perbaikan' page and workbook per agency and a workbook of the findings per
province. A rebuild renders only what the changed rows feed (cache.py). No network: the pages open offline and can be
forwarded as files.
"""

from rekap.report.builder import ReportError, build_report
from rekap.report.fmt import fmt_number, fmt_pct, fmt_rp

__all__ = ["ReportError", "build_report", "fmt_number", "fmt_pct", "fmt_rp"]
