"""Tables -> observations: a row label and numeric cells under year/period headers.

"Chỉ tiêu | Đơn vị tính | 2023 | 2024", "Kế hoạch 2025 | Thực hiện 2025 | % so KH": the subject is the
row label, the unit comes from the unit column (or the table's "Đơn vị tính: …" line), the period and
qualifier from the column header. Rows whose label is itself a period ("2022", "Tháng 9") take their
period from the label and their subject from the column header (or the table title).
"""
from __future__ import annotations

import re
from typing import Any

from nlp import indicator_key
from nlp.qualifier import settle

Cell = Any  # str, int, float or None

_YEAR = r"(?:19|20)\d{2}"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_UNIT_HEAD = re.compile(r"^\s*(?:đơn vị(?: tính)?|đvt|đv)\s*$", re.I)
_UNIT_NOTE = re.compile(r"(?:đơn vị(?: tính)?|đvt)\s*:\s*([^)\n;]+)", re.I)
_TOTAL = re.compile(r"^\s*(?:tổng(?: số| cộng)?|cộng|toàn quốc|cả nước)\s*$", re.I)
_MONEY = re.compile(r"^(nghìn tỷ|ngàn tỷ|tỷ|triệu|nghìn|ngàn)?\s*(đồng|vnđ|vnd|usd)$", re.I)
_SCALE = {"nghìn tỷ": 1e12, "ngàn tỷ": 1e12, "tỷ": 1e9, "triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3, None: 1.0}


def parse_number(text: Cell, decimal: str | None = None) -> float | None:
    """A table cell as a number; decimal is ',' (Vietnamese) or '.' (English), guessed when None.

    >>> parse_number("1.234,5"), parse_number("41.1"), parse_number("372.752"), parse_number("-")
    (1234.5, 41.1, 372752.0, None)
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    s = str(text).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    neg = s.startswith(("-", "−")) and len(s) > 1
    s = s.lstrip("-−+")
    if not re.fullmatch(r"\d[\d.,]*", s):
        return None
    if decimal is None:
        decimal = _guess_decimal(s)
    thousands = "." if decimal == "," else ","
    if re.search(rf"\{thousands}(?!\d{{3}}(?:\D|$))", s):
        return None  # a separator not followed by 3 digits: malformed ("5.378.7000")
    value = float(s.replace(thousands, "").replace(decimal, "."))
    return -value if neg else value


def _guess_decimal(s: str) -> str:
    if "," in s and "." in s:
        return "," if s.rfind(",") > s.rfind(".") else "."
    if s.count(".") == 1 and not re.search(r"\.\d{3}$", s):
        return "."  # "41.1", "107.09": a decimal point
    return ","


def table_decimal(rows: list[list[Cell]]) -> str:
    """',' or '.': the decimal mark a table's text cells use ('41.1' anywhere means English style)."""
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and re.fullmatch(r"\s*-?\d+\.\d{1,2}\s*%?\s*", cell):
                return "."
    return ","


def header_period(text: str) -> tuple[str | None, str | None]:
    """(period, qualifier) a column header states: 'Kế hoạch 2025' -> ('2025', 'target').

    >>> header_period("Quý I/2024"), header_period("% so KH"), header_period("Tháng 12/2024")
    (('2024-Q1', None), (None, 'other'), ('2024-12', None))
    """
    t = " ".join(str(text or "").split()).lower()
    qualifier = None
    if re.search(r"%\s*(?:so(?: với)?\s*)?(?:kh|kế hoạch|dự toán)|so (?:với )?(?:kh|kế hoạch)", t):
        qualifier = "other"
    elif re.search(r"so (?:với )?cùng kỳ|tăng|giảm|so với", t):
        qualifier = "change"
    elif re.search(r"\b(?:kế hoạch|kh|mục tiêu|dự toán|chỉ tiêu giao)\b", t):
        qualifier = "target"
    elif re.search(r"\b(?:thực hiện|th|ước(?: thực hiện| th)?|ước tính|kết quả)\b", t):
        qualifier = "actual"
    period = None
    if m := re.search(rf"({_YEAR})\s*[-–]\s*({_YEAR})", t):
        period = f"{m[1]}-{m[2]}"
    elif m := re.search(rf"quý\s*(iv|iii|ii|i|[1-4])\s*(?:/|năm)?\s*({_YEAR})", t):
        q = _ROMAN.get(m[1]) or int(m[1])
        period = f"{m[2]}-Q{q}"
    elif m := re.search(rf"6 tháng(?: đầu năm)?\s*(?:/|năm)?\s*({_YEAR})", t):
        period = f"{m[1]}-H1"
    elif m := re.search(rf"(\d{{1,2}}) tháng(?: đầu năm)?\s*(?:/|năm)?\s*({_YEAR})", t):
        period = f"{m[2]}-{int(m[1]):02d}M"
    elif m := re.search(rf"tháng\s*(\d{{1,2}})\s*(?:/|năm)\s*({_YEAR})", t):
        period = f"{m[2]}-{int(m[1]):02d}"
    elif m := re.search(rf"(?<!\d)({_YEAR})(?!\d)", t):
        period = m[1]
    return period, qualifier


def _month(text: str) -> int | None:
    m = re.fullmatch(r"\s*tháng\s*(\d{1,2})\s*", str(text or ""), re.I)
    return int(m[1]) if m and 1 <= int(m[1]) <= 12 else None


def unit_kind(unit: str | None) -> tuple[str, str | None, float]:
    """(kind, unit, scale) for a unit cell: 'Tỷ đồng' -> ('money', 'VND', 1e9); '%' -> ('percent', None, 1)."""
    u = " ".join((unit or "").split()).strip(" ().")
    if not u:
        return "count", None, 1.0
    if u == "%" or u.lower() in ("phần trăm", "tỷ lệ %"):
        return "percent", None, 1.0
    if m := _MONEY.match(u):
        cur = "USD" if m[2].lower() == "usd" else "VND"
        return "money", cur, _SCALE[m[1].lower() if m[1] else None]
    return "count", u, 1.0


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


def _is_year_cell(cell: Cell) -> bool:
    return bool(re.fullmatch(rf"(?:năm\s*)?{_YEAR}", _text(cell), re.I))


def _is_data_row(row: list[Cell], decimal: str) -> bool:
    label = next((c for c in row if _text(c)), None)
    if label is None or parse_number(label, decimal) is not None and not _is_year_cell(label):
        return False
    nums = [c for c in row[1:] if parse_number(c, decimal) is not None]
    return bool(nums) and not all(_is_year_cell(c) for c in nums)


def _fill_right(row: list[Cell]) -> list[str]:
    out, last = [], ""
    for c in row:
        t = _text(c)
        last = t if (t or c is not None) else last
        out.append(t if c is not None else last)
    return out


def split_header(rows: list[list[Cell]], decimal: str) -> tuple[list[str] | None, int]:
    """(column headers, index of the first data row): header rows are the non-title rows above it."""
    first = next((i for i, r in enumerate(rows) if _is_data_row(r, decimal)), None)
    if first is None:
        return None, len(rows)
    head_rows = []
    for r in rows[:first]:
        texts = {_text(c) for c in r if _text(c)}
        if len(texts) == 1 and unit_kind(next(iter(texts)))[0] != "count":
            continue  # a lone "Tỷ đồng" above the columns is the table's unit, not a header
        if len(texts) > 1 or (texts and not _text(r[0])):
            head_rows.append(_fill_right(r))
    if not head_rows:
        return None, first
    width = max(len(r) for r in rows)
    headers = []
    for j in range(width):
        parts: list[str] = []
        for r in head_rows[-4:]:
            t = r[j] if j < len(r) else ""
            if t and t not in parts:
                parts.append(t)
        head, prev_short = "", False
        for i, part in enumerate(parts):  # "Cả" "năm" "2024" are one phrase; "… (%)" then "Cả năm 2024" two
            short = len(part.split()) <= 2 and "(" not in part
            head += part if i == 0 else (" " if short and prev_short else " — ") + part
            prev_short = short
        headers.append(head)
    return headers, first


def table_observations(rows: list[list[Cell]], *, page: int | None = None, title: str | None = None,
                       headers: list[str] | None = None, decimal: str | None = None,
                       ) -> tuple[list[dict[str, Any]], list[str] | None]:
    """Observations from a table's rows; returns them and the headers used (to carry onto a continuation)."""
    rows = [list(r) for r in rows if any(_text(c) for c in r)]
    decimal = decimal or table_decimal(rows)
    found, first = split_header(rows, decimal)
    headers = found or headers
    if not headers:
        return [], None
    note = _UNIT_NOTE.search(" ".join([title or "", *headers]))
    unit_col = next((j for j, h in enumerate(headers) if _UNIT_HEAD.match(h.split(" — ")[-1])), None)
    label_col = 0
    out: list[dict[str, Any]] = []
    for row in rows[first:]:
        if not _is_data_row(row, decimal) and sum(_is_year_cell(c) for c in row) >= 2:
            headers = _fill_right(row)  # the table goes on with new year columns ("Năm | 2014 | 2015")
            continue
        label = _text(row[label_col]) if row else ""
        if not label and len(row) > 1:
            label_col_text = next((_text(c) for c in row if _text(c) and parse_number(c, decimal) is None), "")
            label = label_col_text
        if not label or (parse_number(label, decimal) is not None and not _is_year_cell(label)):
            continue
        unit_text = _text(row[unit_col]) if unit_col is not None and unit_col < len(row) else None
        if not unit_text:
            m = re.search(r"\(([^()]{1,30})\)\s*$", label)
            unit_text = m[1] if m else (note[1] if note else None)
        kind, unit, scale = unit_kind(unit_text)
        row_period, _ = header_period(label) if _is_year_cell(label) else (None, None)
        month = _month(label)
        for j, cell in enumerate(row):
            if j in (label_col, unit_col) or j >= len(headers):
                continue
            value = parse_number(cell, decimal)
            if value is None or not headers[j]:
                continue
            head = headers[j]
            period, qualifier = header_period(head)
            k, u, sc = (kind, unit, scale)
            if "%" in head or (isinstance(cell, str) and cell.strip().endswith("%")):
                k, u, sc = "percent", None, 1.0
            subject = re.sub(r"\s*\([^()]{1,30}\)\s*$", "", label)
            if row_period or month or _TOTAL.match(label):
                if row_period:
                    period = row_period
                elif month and period and re.fullmatch(_YEAR, period):
                    period = f"{period}-{month:02d}"
                subject = head if not header_period(head)[0] else (title or subject)
            out.append({
                "subject": subject, "value": value * sc, "value_max": None, "kind": k, "unit": u,
                "denominator": None, "period": period, "approx": False,
                # a growth-rate row ("Tốc độ tăng GRDP | 6,3 | 6,5") is a change, whatever its column says
                "qualifier": qualifier or settle("actual", k, "", None, subject=subject),
                "place": None, "text": _text(cell), "page": page, "row_label": label, "column": head,
                "sentence": f"{title + ': ' if title else ''}{label} — {head}: {_text(cell)}",
                "span_start": None, "span_end": None,
                "indicator": indicator_key(subject, k, u),
            })
    return out, headers
