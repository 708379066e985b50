"""Series of facts: one line per (qualifier, granularity) on a real time axis, Vietnamese numbers.

A quarter is never joined to a year, nor a result to a target: each (qualifier, granularity) is its
own line; targets are dashed. Conflicting values for one period keep the best-sourced one on the
line and show the others as hollow markers. PNG (matplotlib), SVG, or HTML with a table of sources.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from solieu.charts import COLORS, ChartError
from solieu.output import cite, format_value, scaled, unit_word, vn_number

QUALIFIER_COLORS = {"actual": "#1f77b4", "target": "#d62728", "change": "#2ca02c", "other": "#7f7f7f"}
SHADES = {"actual": ("#1f77b4", "#17becf", "#9467bd", "#8c564b"), "target": ("#d62728", "#ff7f0e", "#e377c2"),
          "change": ("#2ca02c", "#bcbd22", "#7f7f7f"), "other": ("#7f7f7f", "#8c564b")}
MARKERS = {"year": "s", "half": "^", "quarter": "o", "running-months": "D", "month": ".", "day": "v",
           "multi-year": "P", "as-of": "x"}
QUALIFIER_VI = {"actual": "thực hiện", "target": "mục tiêu", "change": "thay đổi", "other": "khác"}
GRANULARITY_VI = {"year": "năm", "half": "6 tháng", "quarter": "quý", "running-months": "lũy kế tháng",
                  "month": "tháng", "day": "ngày", "multi-year": "giai đoạn", "as-of": "theo ngày đăng"}


@dataclass
class Line:
    """One line of a series chart: a qualifier at one granularity."""

    qualifier: str
    granularity: str
    points: list[tuple[date, float, dict[str, Any]]] = field(default_factory=list)
    alternatives: list[tuple[date, float, dict[str, Any]]] = field(default_factory=list)

    @property
    def label(self) -> str:
        """"thực hiện · quý" (qualifier · granularity, in Vietnamese)."""
        return f"{QUALIFIER_VI.get(self.qualifier, self.qualifier)} · {GRANULARITY_VI.get(self.granularity, self.granularity)}"

    @property
    def dashed(self) -> bool:
        """Targets are drawn dashed."""
        return self.qualifier == "target"

    def segments(self) -> list[list[tuple[date, float, dict[str, Any]]]]:
        """Runs of consecutive periods: a missing quarter breaks the line; undated ("as-of") points are not joined."""
        if self.granularity == "as-of":
            return [[p] for p in self.points]
        runs: list[list[tuple[date, float, dict[str, Any]]]] = []
        for p in self.points:
            prev = runs[-1][-1][2] if runs else None
            if prev is not None and _next_day(prev.get("period_end")) >= (p[2].get("period_start") or ""):
                runs[-1].append(p)
            else:
                runs.append([p])
        return runs


def _next_day(iso: str | None) -> str:
    from datetime import timedelta

    try:
        return (date.fromisoformat(iso[:10]) + timedelta(days=1)).isoformat() if iso else ""
    except ValueError:
        return ""


def line_colors(lines: Sequence["Line"]) -> list[str]:
    """One colour per line: the qualifier's colour, then its other shades for further granularities."""
    used: dict[str, int] = {}
    out = []
    for ln in lines:
        n = used.get(ln.qualifier, 0)
        used[ln.qualifier] = n + 1
        shades = SHADES.get(ln.qualifier, COLORS)
        out.append(shades[n % len(shades)])
    return out


def series_lines(facts: Sequence[dict[str, Any]]) -> list[Line]:
    """Facts -> lines, one per (qualifier, granularity), points at each period's end, in time order."""
    lines: dict[tuple[str, str], Line] = {}
    by_period: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for f in facts:
        if f.get("value") is None or not f.get("period_end"):
            continue
        by_period.setdefault((f["qualifier"], f["granularity"], f["period_start"], f["period_end"]), []).append(f)
    for (q, g, _start, end), group in sorted(by_period.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][3])):
        line = lines.setdefault((q, g), Line(q, g))
        group = sorted(group, key=lambda f: (-f["articles"], -(f.get("observations") or 0), f["value"]))
        d = date.fromisoformat(end[:10])
        line.points.append((d, float(group[0]["value"]), group[0]))
        line.alternatives.extend((d, float(f["value"]), f) for f in group[1:])
    order = {"actual": 0, "change": 1, "target": 2, "other": 3}
    grain = ["quarter", "half", "running-months", "year", "month", "day", "multi-year", "as-of"]
    return sorted(lines.values(), key=lambda ln: (order.get(ln.qualifier, 9),
                                                  grain.index(ln.granularity) if ln.granularity in grain else 99))


def axis_scale(lines: Sequence[Line], kind: str | None, unit: str | None) -> tuple[float, str]:
    """(divisor, axis unit) for the chart: money in "nghìn tỷ đồng"/"tỷ đồng", percentages in "%"."""
    values = [abs(v) for ln in lines for _, v, _ in ln.points + ln.alternatives]
    word = unit_word(kind, unit)
    if not values or kind == "percent":
        return 1.0, word
    top, name = scaled(max(values))
    divisor = max(values) / top if name else 1.0
    return divisor, f"{name} {word}".strip()


def tick(v: float) -> str:
    """An axis tick the Vietnamese way, never in scientific notation ("1.234,5", "7,4")."""
    return vn_number(v, 2 if abs(v) < 10 else 1 if abs(v) < 1000 else 0)


def svg_series(lines: Sequence[Line], title: str, kind: str | None = None, unit: str | None = None,
               width: int = 720, height: int = 320) -> str:
    """Inline SVG: a real time axis (years), one polyline per line, targets dashed, escaped text."""
    e = html.escape
    div, axis_unit = axis_scale(lines, kind, unit)
    pts = [(d, v / div) for ln in lines for d, v, _ in ln.points + ln.alternatives]
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} '
            f'{height}" role="img" aria-label="{e(title)}" font-family="sans-serif" font-size="11">'
            f'<title>{e(title)}</title><rect width="{width}" height="{height}" fill="#fff"/>'
            f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">{e(title)}</text>')
    if not pts:
        return head + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">không có số liệu</text></svg>'
    left, right, top, bottom = 70, 170, 30, 40
    pw, ph = width - left - right, height - top - bottom
    x0 = date(min(d for d, _ in pts).year, 1, 1).toordinal()
    x1 = date(max(d for d, _ in pts).year + 1, 1, 1).toordinal()
    y0, y1 = min(0.0, min(v for _, v in pts)), max(v for _, v in pts)
    y1 = y1 * 1.1 if y1 > 0 else y0 + 1

    def px(d: date) -> float:
        return round(left + (d.toordinal() - x0) / (x1 - x0) * pw, 1)

    def py(v: float) -> float:
        return round(top + ph - (v - y0) / (y1 - y0) * ph, 1)

    parts = [head, f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#333"/>',
             f'<text x="{left}" y="{top - 8}" fill="#555">{e(axis_unit)}</text>']
    for i in range(5):
        v = y0 + (y1 - y0) * i / 4
        parts.append(f'<line x1="{left}" y1="{py(v)}" x2="{left + pw}" y2="{py(v)}" stroke="#eee"/>'
                     f'<text x="{left - 4}" y="{py(v) + 4}" text-anchor="end">{e(tick(v))}</text>')
    years = range(date.fromordinal(x0).year, date.fromordinal(x1).year + 1)
    step = max(1, len(years) // 8)
    for y in years[::step]:
        x = px(date(y, 1, 1))
        parts.append(f'<line x1="{x}" y1="{top + ph}" x2="{x}" y2="{top + ph + 4}" stroke="#333"/>'
                     f'<text x="{x}" y="{top + ph + 16}" text-anchor="middle">{y}</text>')
    for n, (ln, color) in enumerate(zip(lines, line_colors(lines))):
        dash = ' stroke-dasharray="6,4"' if ln.dashed else ""
        for run in ln.segments():
            if len(run) > 1:
                coords = " ".join(f"{px(d)},{py(v / div)}" for d, v, _ in run)
                parts.append(f'<polyline class="line q-{e(ln.qualifier)}" fill="none" stroke="{color}" '
                             f'stroke-width="2"{dash} points="{coords}"/>')
        for d, v, f in ln.points:
            parts.append(f'<circle cx="{px(d)}" cy="{py(v / div)}" r="3.5" fill="{color}"><title>{e(ln.label)} '
                         f'{e(f.get("period") or d.isoformat())}: {e(format_value(f))}</title></circle>')
        for d, v, f in ln.alternatives:
            parts.append(f'<circle cx="{px(d)}" cy="{py(v / div)}" r="4" fill="#fff" stroke="{color}" '
                         f'stroke-width="2"><title>xung đột: {e(format_value(f))}</title></circle>')
        ly = top + 12 + 18 * n
        parts.append(f'<line x1="{left + pw + 12}" y1="{ly - 4}" x2="{left + pw + 34}" y2="{ly - 4}" '
                     f'stroke="{color}" stroke-width="2"{dash}/><text x="{left + pw + 38}" y="{ly}">{e(ln.label)}</text>')
    return "".join(parts) + "</svg>"


def points_table(lines: Sequence[Line]) -> list[dict[str, Any]]:
    """One row per point (and conflicting alternative): line, period, value, sources."""
    rows = []
    for ln in lines:
        for alt, items in ((False, ln.points), (True, ln.alternatives)):
            for d, _, f in items:
                rows.append({"line": ln.label, "qualifier": ln.qualifier, "granularity": ln.granularity,
                             "period": f.get("period") or d.isoformat(), "date": d.isoformat(),
                             "value": format_value(f), "raw_value": f["value"],
                             "conflict": "xung đột" if f.get("conflict") else "", "articles": f.get("articles"),
                             "documents": f.get("documents") or 0,
                             "sources": f.get("sources") or []})
    rows.sort(key=lambda r: (r["date"], r["line"]))
    return rows


def sources_text(sources: Sequence[dict[str, Any]]) -> str:
    """"hanoionline 2026-03-05 (#12); văn bản 3, trang 2 (2025-12-15)" for a table cell."""
    return "; ".join(f"{cite(s)} ({(s.get('published_at') or '')[:10]})" if s.get("article_id") is None
                     and s.get("document_id") is not None
                     else f"{s.get('source')} {(s.get('published_at') or '')[:10]} (#{s.get('article_id')})"
                     for s in sources)


def html_series(lines: Sequence[Line], title: str, kind: str | None, unit: str | None) -> str:
    """A self-contained page: the SVG chart, then a table of every point with links to its sources."""
    e = html.escape
    body = [svg_series(lines, title, kind, unit), "<table><thead><tr><th>Đường</th><th>Kỳ</th><th>Giá trị</th>"
            "<th>Nguồn</th></tr></thead><tbody>"]
    for r in points_table(lines):
        links = "<br>".join(
            f'<a href="{e(_safe(s.get("url")))}">{e(s.get("title") or s.get("url") or "")}</a> '
            f'<span class="meta">({e(cite(s))}, {e((s.get("published_at") or "")[:10])})</span>'
            for s in r["sources"])
        flag = ' <b class="conflict">xung đột</b>' if r["conflict"] else ""
        body.append(f'<tr><td>{e(r["line"])}</td><td>{e(r["period"])}</td><td class="num">{e(r["value"])}{flag}'
                    f'</td><td>{links}</td></tr>')
    body.append("</tbody></table>")
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
            f'content="default-src \'none\'; style-src \'unsafe-inline\'"><title>{e(title)}</title><style>'
            "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-top:1em}"
            "td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}"
            "td.num{text-align:right;white-space:nowrap}.meta{color:#666}.conflict{color:#d62728}"
            f"svg{{max-width:100%;height:auto}}</style></head><body>{''.join(body)}</body></html>")


def _safe(url: Any) -> str:
    u = str(url or "").strip()
    return u if u.lower().startswith(("http://", "https://")) else "#"


def write_series_chart(path: Path, lines: Sequence[Line], title: str, kind: str | None = None,
                       unit: str | None = None) -> None:
    """Write the chart as .png (matplotlib), .svg, or .html (SVG + table of sources)."""
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".html", ".htm"):
        raise ChartError(f"chart file must end in .png, .svg or .html, not {path.name!r}")
    if not any(ln.points for ln in lines):
        raise ChartError("nothing to chart")
    try:
        if suffix == ".png":
            _png(path, lines, title, kind, unit)
        elif suffix == ".svg":
            path.write_text(svg_series(lines, title, kind, unit), encoding="utf-8")
        else:
            path.write_text(html_series(lines, title, kind, unit), encoding="utf-8")
    except OSError as exc:
        raise ChartError(f"cannot write {path}: {exc}") from exc


def _png(path: Path, lines: Sequence[Line], title: str, kind: str | None, unit: str | None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    div, axis_unit = axis_scale(lines, kind, unit)
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    ax.set_title(title)
    for ln, color in zip(lines, line_colors(lines)):
        marker = MARKERS.get(ln.granularity, "o")
        for i, run in enumerate(ln.segments()):
            ax.plot([d for d, _, _ in run], [v / div for _, v, _ in run], marker=marker, color=color,
                    linestyle="--" if ln.dashed else "-", label=ln.label if i == 0 else None)
        if ln.alternatives:
            ax.plot([d for d, _, _ in ln.alternatives], [v / div for _, v, _ in ln.alternatives], marker="o",
                    linestyle="none", markerfacecolor="white", color=color, label=f"{ln.label}: xung đột")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: tick(v)))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
    ax.set_ylabel(axis_unit)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
