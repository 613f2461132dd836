"""Charts for the report, drawn by matplotlib offline (Agg backend) and embedded as inline SVG: axes with tick
labels, a value at the end of every bar, labels wrapped rather than cut, and the figure cropped to what was drawn
(bbox_inches='tight') so nothing is clipped. Text stays text in the SVG (searchable, selectable, small)."""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

PALETTE = ("#1f4e79", "#e07b00", "#2e8b57", "#b22222", "#6a5acd", "#8c564b")
LABEL_WIDTH = 42  # characters per line of a bar label before it wraps


@functools.cache
def _pyplot() -> Any:
    """matplotlib, set up on the first chart drawn: a rebuild that keeps every chart never imports it."""
    import matplotlib

    matplotlib.use("Agg")  # before pyplot is imported: no display, no GUI toolkit

    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",  # keep text as <text>, rendered with the page's fonts
            "svg.hashsalt": "rekap",  # stable element ids: same data, same file
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def load() -> None:
    """matplotlib imported and set up ahead of the first chart (a caller with a core to spare meanwhile)."""
    _pyplot()


def _formatter(fmt: Callable[[float], str]) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: fmt(v))


def _svg(fig, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.15, metadata={"Date": None, "Creator": None})
    _pyplot().close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    # natural size (width/height in pt), shrunk by the page's CSS when narrower; the aria label names the chart
    text = text.replace("<svg ", f'<svg class="chart" role="img" aria-label="{_attr(title)}" ', 1)
    return text


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(label: str, width: int = LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(label, width=width, max_lines=3, placeholder=" …")) or "-"


def hbar(
    title: str,
    xlabel: str,
    items: Sequence[tuple[str, float]],
    fmt: Callable[[float], str],
    color: str = PALETTE[0],
    reference: float | None = None,
    reference_label: str | None = None,
) -> str | None:
    """Horizontal bars, one per (label, value), in the order given; None when there is nothing to draw."""
    items = [(label, float(v)) for label, v in items if v is not None]
    if not items:
        return None
    labels = [_wrap(label) for label, _ in items]
    values = [v for _, v in items]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = _pyplot().subplots(figsize=(9.0, max(1.9, 0.8 + 0.26 * lines + 0.16 * len(items))))
    y = list(range(len(items)))
    ax.barh(y, values, color=color, height=0.6)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    top = max(values + [reference or 0]) or 1.0
    ax.set_xlim(0, top * 1.18)  # room for the value labels right of the longest bar
    for yi, v in zip(y, values):
        ax.text(v + top * 0.01, yi, fmt(v), va="center", ha="left", fontsize=8.5)
    if reference is not None:
        ax.axvline(reference, color="#555", linestyle="--", linewidth=1, label=reference_label)
        if reference_label:  # above the plot, right of the title: never over a bar
            ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.xaxis.set_major_formatter(_formatter(fmt))
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold", pad=14)
    ax.grid(axis="x", color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return _svg(fig, title)


def grouped_bars(
    title: str,
    ylabel: str,
    groups: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[str],
    fmt: Callable[[float], str],
    ymax: float | None = None,
) -> str | None:
    """Vertical grouped bars: one group per label, one bar per series (e.g. TW I..IV); None if nothing to draw."""
    groups = [(g, list(vals)) for g, vals in groups if any(v is not None for v in vals)]
    if not groups:
        return None
    n = len(series)
    width = 0.8 / n
    fig, ax = _pyplot().subplots(figsize=(max(6.0, 1.6 + 1.5 * len(groups)), 4.2))
    for k, name in enumerate(series):
        xs = [gi + (k - (n - 1) / 2) * width for gi in range(len(groups))]
        vals = [vals[k] for _, vals in groups]
        bars = ax.bar(
            [x for x, v in zip(xs, vals) if v is not None],
            [float(v) for v in vals if v is not None],
            width=width * 0.92,
            color=PALETTE[k % len(PALETTE)],
            label=name,
        )
        ax.bar_label(bars, labels=[fmt(float(v)) for v in vals if v is not None], fontsize=7, padding=2, rotation=90)
    ax.set_xticks(range(len(groups)), [_wrap(g, 18) for g, _ in groups])
    top = ymax if ymax is not None else max(float(v) for _, vals in groups for v in vals if v is not None)
    ax.set_ylim(0, (top or 1.0) * 1.25)
    ax.yaxis.set_major_formatter(_formatter(fmt))
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold", pad=14)
    ax.legend(ncols=n, loc="upper left", fontsize=8, frameon=False)
    ax.grid(axis="y", color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return _svg(fig, title)
