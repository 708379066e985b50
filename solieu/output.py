"""Render rows for the terminal (rich tables), CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
import re
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("table", "csv", "json")


def render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None,
           title: str | None = None, console: "Console | None" = None) -> str | None:
    """Print rows as a table to the console, or return them as CSV/JSON text."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: spreadsheet_safe(r.get(c)) for c in columns} for r in rows)
        return buf.getvalue()
    from rich.console import Console  # local imports: a table is the one format that needs rich (~25 ms)
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(escape(_cell(r.get(c))) for c in columns))  # scraped text is not markup
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=160)
    console.print(table)
    return None


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula: it starts with = + - @, a tab or a CR.

    >>> is_formula_like('=HYPERLINK("http://x", "Hà Nội")'), is_formula_like("-5,2%"), is_formula_like("-12.5")
    (True, True, False)
    """
    return isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value)


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that spreadsheets show as text (OWASP): formula-like text gets a leading apostrophe.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("@SUM(A1)"), spreadsheet_safe("hộ nghèo"), spreadsheet_safe(-3)
    ("'=1+1", "'@SUM(A1)", 'hộ nghèo', -3)
    """
    return "'" + value if is_formula_like(value) else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return vn_number(value)  # 1.234,5 — never 1e+12
    return str(value)


def shorten(text: str | None, width: int) -> str:
    """Cut text to width characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def jsonl(objs: Iterable[dict[str, Any]]) -> Iterable[str]:
    """One compact JSON object per line."""
    for obj in objs:
        yield json.dumps(obj, ensure_ascii=False)


SCALES = ((1e12, "nghìn tỷ"), (1e9, "tỷ"), (1e6, "triệu"))
CURRENCY_WORDS = {"VND": "đồng"}


def vn_number(x: float, decimals: int = 2) -> str:
    """A number written the Vietnamese way: thousands dot, decimal comma ("1.234,5").

    >>> vn_number(1234.5), vn_number(7.4), vn_number(1.2e12), vn_number(-0.5)
    ('1.234,5', '7,4', '1.200.000.000.000', '-0,5')
    """
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def unit_word(kind: str | None, unit: str | None) -> str:
    """The unit people read: "%" for percentages, "đồng" for VND, else the unit as stored."""
    if kind == "percent" and not unit:
        return "%"
    return CURRENCY_WORDS.get(unit or "", unit or "")


def scaled(value: float, unit: str | None = None) -> tuple[float, str]:
    """A large value and its scale word: (1.2, "nghìn tỷ") for 1.2e12; unscaled below a million."""
    for scale, word in SCALES:
        if abs(value) >= scale:
            return value / scale, word
    return value, ""


def format_value(o: dict[str, Any]) -> str:
    """An observation's value as a reader would write it: "0,03%", "20/27", "1,2 nghìn tỷ đồng"."""
    v, vmax, kind, unit = o.get("value"), o.get("value_max"), o.get("kind"), o.get("unit")
    if v is None:
        return ""
    if kind == "ratio" and o.get("denominator") == 1 and 0 < v < 1:  # a fraction word: "một phần tư" -> 1/4
        f = Fraction(v).limit_denominator(12)
        return f"{f.numerator}/{f.denominator}"
    if kind == "ratio" and o.get("denominator"):
        return f"{vn_number(v)}/{vn_number(o['denominator'])}"
    if kind == "money":
        for scale, word in SCALES:
            if abs(v) >= scale:
                high = f"–{vn_number(vmax / scale)}" if vmax is not None else ""
                return f"{vn_number(v / scale)}{high} {word} {unit_word(kind, unit)}".strip()
    text = vn_number(v) + (f"–{vn_number(vmax)}" if vmax is not None else "")
    if kind == "percent":
        return text + ("%" if not unit else f" {unit}")
    return f"{text} {unit_word(kind, unit)}".strip()


def cite(o: dict) -> str:
    """Where a figure (or a fact's source) comes from: its outlet, or "văn bản 3, trang 2" for a document.

    >>> cite({"source": "hanoionline", "article_id": 12}), cite({"source": "văn bản", "document_id": 3, "page": 2})
    ('hanoionline', 'văn bản 3, trang 2')
    """
    if o.get("document_id") is not None and o.get("article_id") is None:
        return f"văn bản {o['document_id']}" + (f", trang {o['page']}" if o.get("page") else "")
    return o.get("source") or ""


def observation_row(o: dict) -> dict:
    """An observation row for a table: its value formatted for people, its origin (outlet, or document
    and page) and its article or document title shortened."""
    return {**o, "value": format_value(o), "source": cite(o), "article": shorten(o.get("article_title"), 40)}
