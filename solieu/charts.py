"""Charts without external requests: matplotlib (Agg) PNG, or hand-written inline SVG (alone or in HTML)."""
from __future__ import annotations

import calendar
import html
import re
from datetime import date
from pathlib import Path
from typing import Any, Sequence

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f")
SERIES_COLORS = {"actual": "#1f77b4", "target": "#d62728", "change": "#2ca02c", "other": "#7f7f7f"}


class ChartError(ValueError):
    """A chart cannot be written (unknown file type, nothing to draw, unwritable path)."""


def period_date(period: str | None, published_at: str | None = None) -> date | None:
    """The date an observation stands for: the end of its period, else its article's publication date.

    '2025' -> 2025-12-31, '2024-Q1' -> 2024-03-31, '2025-8M' -> 2025-08-31, '2024-H1' -> 2024-06-30,
    '2024-10' -> 2024-10-31, '2026-02-08' -> itself, '2021-2025' -> 2025-12-31."""
    p = (period or "").strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", p):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{4})(?:-(\d{4}))?", p):
            return date(int(m[2] or m[1]), 12, 31)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})M?", p):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, calendar.monthrange(y, mo)[1])
        if m := re.fullmatch(r"(\d{4})-([QH])([1-4])", p):
            mo = int(m[3]) * (3 if m[2] == "Q" else 6)
            return date(int(m[1]), mo, calendar.monthrange(int(m[1]), mo)[1])
    except ValueError:
        pass
    if published_at:
        try:
            return date.fromisoformat(published_at[:10])
        except ValueError:
            return None
    return None


def series_points(rows: Sequence[dict[str, Any]]) -> dict[str, list[tuple[date, float]]]:
    """Observation rows -> {"actual": [(date, value)], "target": [...]}, each sorted by date."""
    out: dict[str, list[tuple[date, float]]] = {}
    for r in rows:
        d = period_date(r.get("period"), r.get("published_at"))
        if d is None or r.get("value") is None:
            continue
        q = r.get("qualifier") if r.get("qualifier") in ("actual", "target") else None
        if q:
            out.setdefault(q, []).append((d, float(r["value"])))
    return {k: sorted(v) for k, v in sorted(out.items())}


def _fmt(v: float) -> str:
    from solieu.output import scaled, vn_number

    num, word = scaled(v)
    return f"{vn_number(num, 2 if word else 1 if abs(v) < 100 else 0)} {word}".strip()


def fill_periods(periods: Sequence[str], by: str) -> list[str]:
    """Every period from the first to the last, so that empty months/weeks/days show as zero bars.

    >>> fill_periods(["2024-11", "2025-02"], "month")
    ['2024-11', '2024-12', '2025-01', '2025-02']
    """
    from datetime import timedelta

    ps = sorted(p for p in periods if p)
    if len(ps) < 2:
        return ps
    out: list[str] = []
    try:
        if by == "month":
            y, m = map(int, ps[0].split("-"))
            while f"{y}-{m:02d}" <= ps[-1] and len(out) < 1200:
                out.append(f"{y}-{m:02d}")
                y, m = (y, m + 1) if m < 12 else (y + 1, 1)
        elif by == "week":
            d = date.fromisocalendar(int(ps[0][:4]), int(ps[0][6:]), 1)
            while len(out) < 2000:
                y, w, _ = d.isocalendar()
                key = f"{y}-W{w:02d}"
                if key > ps[-1]:
                    break
                out.append(key)
                d += timedelta(days=7)
        else:
            d, last = date.fromisoformat(ps[0]), date.fromisoformat(ps[-1])
            while d <= last and len(out) < 4000:
                out.append(d.isoformat())
                d += timedelta(days=1)
    except ValueError:
        return ps
    return sorted(set(out) | set(ps))


def svg_time_chart(series: dict[str, list[tuple[date, float]]], title: str = "", unit: str = "",
                   width: int = 640, height: int = 280) -> str:
    """An inline SVG line chart of dated series (every text escaped; no scripts, no external links)."""
    points = [p for pts in series.values() for p in pts]
    e = html.escape
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}" font-family="sans-serif" '
            f'font-size="11"><title>{e(title)}</title>'
            f'<rect width="{width}" height="{height}" fill="#fff"/>'
            f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">{e(title)}</text>')
    if not points:
        return head + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">no dated values</text></svg>'
    left, right, top, bottom = 64, 110, 28, 36
    xs = [d.toordinal() for d, _ in points]
    ys = [v for _, v in points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0.0, min(ys)), max(ys)
    x1, y1 = (x1 + 1 if x1 == x0 else x1), (y1 + 1 if y1 == y0 else y1)
    pw, ph = width - left - right, height - top - bottom

    def px(o: int) -> float:
        return round(left + (o - x0) / (x1 - x0) * pw, 1)

    def py(v: float) -> float:
        return round(top + ph - (v - y0) / (y1 - y0) * ph, 1)

    parts = [head, f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#333"/>']
    for i in range(5):
        v = y0 + (y1 - y0) * i / 4
        parts.append(f'<line x1="{left}" y1="{py(v)}" x2="{left + pw}" y2="{py(v)}" stroke="#eee"/>'
                     f'<text x="{left - 4}" y="{py(v) + 4}" text-anchor="end">{e(_fmt(v))}</text>')
    for o in sorted({x0, x1, (x0 + x1) // 2}):
        parts.append(f'<text x="{px(o)}" y="{top + ph + 16}" text-anchor="middle">'
                     f'{date.fromordinal(o).isoformat()}</text>')
    if unit:
        parts.append(f'<text x="{left}" y="{top - 6}" fill="#555">{e(unit)}</text>')
    for n, (name, pts) in enumerate(series.items()):
        color = SERIES_COLORS.get(name, COLORS[n % len(COLORS)])
        coords = " ".join(f"{px(d.toordinal())},{py(v)}" for d, v in pts)
        dash = ' stroke-dasharray="5,3"' if name == "target" else ""
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="{coords}"/>')
        for d, v in pts:
            parts.append(f'<circle cx="{px(d.toordinal())}" cy="{py(v)}" r="3" fill="{color}">'
                         f'<title>{e(name)} {d.isoformat()}: {e(_fmt(v))}</title></circle>')
        ly = top + 14 + 16 * n
        parts.append(f'<line x1="{left + pw + 10}" y1="{ly - 4}" x2="{left + pw + 28}" y2="{ly - 4}" '
                     f'stroke="{color}" stroke-width="2"{dash}/><text x="{left + pw + 32}" y="{ly}">{e(name)}</text>')
    return "".join(parts) + "</svg>"


def svg_bar_chart(categories: Sequence[str], groups: dict[str, Sequence[float]], title: str = "",
                  width: int = 640, height: int = 260) -> str:
    """An inline SVG grouped bar chart (one group of bars per category, one colour per series)."""
    e = html.escape
    left, right, top, bottom = 48, 130, 28, 40
    pw, ph = width - left - right, height - top - bottom
    ymax = max([v for vs in groups.values() for v in vs] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}" font-family="sans-serif" '
             f'font-size="11"><title>{e(title)}</title><rect width="{width}" height="{height}" fill="#fff"/>'
             f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">{e(title)}</text>',
             f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#333"/>']
    n_cat, n_ser = max(1, len(categories)), max(1, len(groups))
    slot = pw / n_cat
    bar = max(1.0, slot * 0.8 / n_ser)
    step = max(1, -(-n_cat // 6))
    for i, c in enumerate(categories):
        if i % step == 0:
            parts.append(f'<text x="{left + slot * (i + 0.5):.1f}" y="{top + ph + 14}" text-anchor="middle">{e(c)}</text>')
    parts.append(f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{e(_fmt(ymax))}</text>'
                 f'<text x="{left - 4}" y="{top + ph}" text-anchor="end">0</text>')
    for k, (name, values) in enumerate(groups.items()):
        color = COLORS[k % len(COLORS)]
        for i, v in enumerate(values):
            h = ph * v / ymax
            x = left + slot * i + slot * 0.1 + bar * k
            parts.append(f'<rect x="{x:.1f}" y="{top + ph - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{color}"><title>{e(name)} {e(categories[i])}: {e(_fmt(v))}</title></rect>')
        ly = top + 14 + 16 * k
        parts.append(f'<rect x="{left + pw + 10}" y="{ly - 9}" width="12" height="10" fill="{color}"/>'
                     f'<text x="{left + pw + 26}" y="{ly}">{e(name)}</text>')
    return "".join(parts) + "</svg>"


def html_page(title: str, svg: str) -> str:
    """A small self-contained HTML page around an inline SVG."""
    return (f'<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
            f'content="default-src \'none\'; style-src \'unsafe-inline\'"><title>{html.escape(title)}</title>'
            f'<style>body{{font-family:sans-serif;margin:2em}}</style></head><body>{svg}</body></html>')


def write_time_chart(path: Path, series: dict[str, list[tuple[date, float]]], title: str, unit: str = "") -> None:
    """Write a dated line chart as .png (matplotlib), .svg or .html (inline SVG)."""
    _write(path, title, lambda: svg_time_chart(series, title, unit), lambda ax: _mpl_time(ax, series, unit),
           empty=not any(series.values()))


def write_bar_chart(path: Path, categories: Sequence[str], groups: dict[str, Sequence[float]], title: str) -> None:
    """Write a grouped bar chart as .png (matplotlib), .svg or .html (inline SVG)."""
    _write(path, title, lambda: svg_bar_chart(categories, groups, title),
           lambda ax: _mpl_bars(ax, categories, groups), empty=not categories)


def _write(path: Path, title: str, svg, mpl, empty: bool) -> None:
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".html", ".htm"):
        raise ChartError(f"chart file must end in .png, .svg or .html, not {path.name!r}")
    if empty:
        raise ChartError("nothing to chart")
    try:
        if suffix == ".png":
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=(9, 4), dpi=110)
            ax.set_title(title)
            mpl(ax)
            fig.tight_layout()
            fig.savefig(path)
            plt.close(fig)
        elif suffix == ".svg":
            path.write_text(svg(), encoding="utf-8")
        else:
            path.write_text(html_page(title, svg()), encoding="utf-8")
    except OSError as exc:
        raise ChartError(f"cannot write {path}: {exc}") from exc


def _mpl_time(ax, series: dict[str, list[tuple[date, float]]], unit: str) -> None:
    for n, (name, pts) in enumerate(series.items()):
        ax.plot([d for d, _ in pts], [v for _, v in pts], marker="o", label=name,
                color=SERIES_COLORS.get(name, COLORS[n % len(COLORS)]), linestyle="--" if name == "target" else "-")
    ax.set_ylabel(unit)
    ax.grid(alpha=0.3)
    ax.legend()


def _mpl_bars(ax, categories: Sequence[str], groups: dict[str, Sequence[float]]) -> None:
    width = 0.8 / max(1, len(groups))
    for k, (name, values) in enumerate(groups.items()):
        ax.bar([i + k * width for i in range(len(categories))], values, width=width, label=name)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(categories))], categories, rotation=45, ha="right")
    ax.legend()
