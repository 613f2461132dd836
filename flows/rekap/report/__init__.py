"""The consolidation report (issue #6 item 3): self-contained HTML in Bahasa Indonesia under warehouse/report/.

``build_report(published_db, out_dir)`` reads the published warehouse read-only and writes ``index.html`` plus one
page per agency (``pd-<slug>.html``) listing its findings. Charts are inline SVG drawn here: no JavaScript, no
network, so the pages open offline and can be forwarded as files.
"""

from rekap.report.builder import ReportError, build_report
from rekap.report.fmt import fmt_number, fmt_pct, fmt_rp

__all__ = ["ReportError", "build_report", "fmt_number", "fmt_pct", "fmt_rp"]
