"""Tables without ruling lines: PDF words lined up in columns by whitespace alone.

Government PDFs often set a year table as text with tab stops ("Chỉ tiêu   ĐVT   2023   2024"), which
pdfplumber's ruled-table finder cannot see. From the words of a page (pdfplumber's extract_words, with
positions) this finds runs of lines that split into cells at wide gaps (about an em or more: wider
than any space between words of a sentence, even a justified one), takes the columns from the lines
with the most common number of cells, and keeps the run only if it looks like a figures table:

- at least 3 columns and 3 rows, 2 or more of them with 2 or more numbers;
- 60 % or more of the cells right of the label column are numbers (or "-", "x", "…" placeholders);
- a line that is one cell is a wrapped row label only if it fits inside the label column; a wider
  one (a paragraph starting at the margin) ends the table.

So paragraphs, two-column text layouts and lists of dates are not tables. A label wrapped over two
lines joins the row it sits closer to.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Sequence

from crawler.extract.tables import parse_number

MIN_ROWS, MIN_COLS, NUMERIC_SHARE = 3, 3, 0.6
_PLACEHOLDER = re.compile(r"^(?:-+|–|—|x|X|…|\.\.\.|\*)$")

Word = dict[str, Any]  # pdfplumber word: text, x0, x1, top, bottom
Segment = tuple[float, float, str]  # x0, x1, text of one cell


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines by their vertical position, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= max(2.0, 0.3 * (w["bottom"] - w["top"])):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _segments(line: list[Word]) -> list[Segment]:
    """A line cut into cells where the gap between two words is about an em or more."""
    height = sorted(w["bottom"] - w["top"] for w in line)[len(line) // 2]
    gap = max(4.0, 0.9 * height)
    cells: list[list[Word]] = [[line[0]]]
    for w in line[1:]:
        if w["x0"] - cells[-1][-1]["x1"] >= gap:
            cells.append([w])
        else:
            cells[-1].append(w)
    return [(c[0]["x0"], c[-1]["x1"], " ".join(w["text"] for w in c)) for c in cells]


def _is_number(text: str) -> bool:
    return parse_number(text.replace(" ", "")) is not None or bool(_PLACEHOLDER.match(text.strip()))


def _columns(rows: list[list[Segment]]) -> list[tuple[float, float]]:
    """Column extents: the cells of the rows merged where they overlap horizontally."""
    spans = sorted((x0, x1) for row in rows for x0, x1, _ in row)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1] + 1.0:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def _column_of(seg: Segment, cols: list[tuple[float, float]]) -> int:
    """The column a cell falls in: the first it overlaps, else the nearest."""
    x0, x1, _ = seg
    for i, (a, b) in enumerate(cols):
        if x0 <= b and x1 >= a:
            return i
    return min(range(len(cols)), key=lambda i: min(abs(x0 - cols[i][1]), abs(x1 - cols[i][0])))


def _table(run: list[tuple[list[Segment], float, float]]) -> list[list[str | None]] | None:
    """The rows of a run of lines (segments, top, bottom), or None when it is not a figures table."""
    multi = [segs for segs, _, _ in run if len(segs) >= 2]
    if len(multi) < MIN_ROWS:
        return None
    modal = Counter(len(s) for s in multi).most_common(1)[0][0]
    cols = _columns([s for s in multi if len(s) == modal])
    if len(cols) < MIN_COLS:
        return None
    label = cols[0]
    rows: list[list[str | None]] = []
    tops: list[tuple[float, float]] = []
    pending: list[str] = []  # a wrapped label waiting for its row
    for n, (segs, top, bottom) in enumerate(run):
        if len(segs) == 1:
            x0, x1, text = segs[0]
            if x1 > label[1] + 5 or x0 < label[0] - 5:
                if rows:
                    break  # a paragraph (or anything wider than a label) after the table ends it
                continue
            nxt = run[n + 1][1] if n + 1 < len(run) else None
            if rows and (nxt is None or top - tops[-1][1] <= nxt - bottom):
                rows[-1][0] = f"{rows[-1][0] or ''} {text}".strip()  # continues the row above
            else:
                pending.append(text)
            continue
        cells: list[str | None] = [None] * len(cols)
        for seg in segs:
            i = _column_of(seg, cols)
            cells[i] = f"{cells[i]} {seg[2]}" if cells[i] else seg[2]
        if pending:
            cells[0] = " ".join(pending + ([cells[0]] if cells[0] else []))
            pending = []
        rows.append(cells)
        tops.append((top, bottom))
    body = [r for r in rows if sum(_is_number(c) for c in r[1:] if c) >= 2]
    values = [c for r in rows for c in r[1:] if c]
    if len(rows) < MIN_ROWS or len(body) < 2 or not values:
        return None
    if sum(_is_number(c) for c in values) < NUMERIC_SHARE * len(values):
        return None
    return rows


def aligned_tables(words: Sequence[Word]) -> list[list[list[str | None]]]:
    """Tables of whitespace-aligned text among a page's words (see the module docstring)."""
    tables: list[list[list[str | None]]] = []
    run: list[tuple[list[Segment], float, float]] = []

    def close() -> None:
        while run and len(run[-1][0]) == 1:  # trailing one-cell lines: text after the table
            run.pop()
        found = _table(run) if run else None
        if found:
            tables.append(found)
        run.clear()

    for line in _lines(words):
        segs = _segments(line)
        top, bottom = min(w["top"] for w in line), max(w["bottom"] for w in line)
        height = bottom - top
        if run and top - run[-1][2] > 2.5 * max(height, 1.0):
            close()  # a blank stretch ends a table
        if len(segs) >= 2 or run:
            run.append((segs, top, bottom))
        if len(segs) == 1 and len(run) >= 3 and all(len(s) == 1 for s, _, _ in run[-3:]):
            close()  # three one-cell lines in a row: running text
    close()
    return tables
