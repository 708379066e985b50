"""Shared by the analysis commands: relative dates (--since 7d), and output as table, CSV, JSON or XLSX."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Sequence

import click
from rich.markup import escape

from crawler.output import render

EXPORT_FORMATS = ("table", "csv", "json", "xlsx")
_REL_RE = re.compile(r"^(\d{1,5})\s*([dwmy])$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class SinceError(ValueError):
    """A --since value is neither a date nor a relative span like 7d."""


class ExportError(ValueError):
    """Rows cannot be written in the requested format (xlsx without -o, bad path)."""


def parse_since(value: str | None, today: date | None = None) -> str | None:
    """'7d', '2w', '3m', '1y' (before today, UTC) or 'YYYY[-MM[-DD]]' -> 'YYYY-MM-DD' (None stays None)."""
    if value is None or not value.strip():
        return None
    value = value.strip().lower()
    today = today or datetime.now(timezone.utc).date()
    m = _REL_RE.match(value)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        days = {"d": 1, "w": 7, "m": 30, "y": 365}[unit] * n
        return (today - timedelta(days=days)).isoformat()
    if _DATE_RE.match(value):
        parts = value.split("-")
        try:
            return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                        int(parts[2]) if len(parts) > 2 else 1).isoformat()
        except ValueError as exc:
            raise SinceError(f"not a date: {value!r} ({exc})") from exc
    raise SinceError(f"--since wants a date (2024-03-01) or a span (7d, 2w, 3m, 1y), not {value!r}")


def since_option(default: str | None = None):
    """The --since option, parsed with parse_since into 'YYYY-MM-DD'."""
    def convert(ctx, param, value):
        try:
            return parse_since(value)
        except SinceError as exc:
            raise click.BadParameter(str(exc)) from exc
    return click.option("--since", callback=convert, default=default, show_default=default is not None,
                        help="Published on or after: a date (2024-03-01) or a span back from today (7d, 2w, 3m, 1y).")


def format_option(formats: Sequence[str] = EXPORT_FORMATS):
    """--format with table/csv/json/xlsx and -o FILE."""
    def deco(f):
        f = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                         help="Write to this file (required for xlsx).")(f)
        return click.option("--format", "fmt", type=click.Choice(formats), default="table", show_default=True)(f)
    return deco


def emit(sheets: dict[str, tuple[list[dict[str, Any]], Sequence[str]]], fmt: str, output: Path | None,
         title: str | None = None) -> None:
    """Print or write named row sets: tables/CSV/JSON show the first set only; xlsx gets one sheet per set."""
    name, (rows, columns) = next(iter(sheets.items()))
    if fmt == "xlsx":
        if output is None:
            raise ExportError("--format xlsx needs -o FILE.xlsx")
        write_xlsx(sheets, output)
        click.echo(f"Wrote {output}", err=True)
        return
    if fmt == "table":
        if output is not None:
            raise ExportError("--format table prints to the terminal; use csv, json or xlsx with -o")
        render(rows, "table", columns, title=escape(title) if title else None)  # render escapes cells
        return
    text = render(rows, fmt, columns) or ""
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ExportError(f"cannot write {output}: {exc}") from exc
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def write_xlsx(sheets: dict[str, tuple[list[dict[str, Any]], Sequence[str]]], path: Path) -> None:
    """One worksheet per named row set, header row bold and frozen, column widths fitted."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, (rows, columns) in sheets.items():
        ws = wb.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "rows")
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for n, r in enumerate(rows, 2):
            for i, c in enumerate(columns, 1):
                cell = ws.cell(row=n, column=i, value=_xlsx_value(r.get(c)))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # scraped text starting with "=" stays text, never a formula
        ws.freeze_panes = "A2"
        for i, c in enumerate(columns, 1):
            width = max([len(str(c))] + [len(str(r.get(c) or "")) for r in rows[:200]])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
    try:
        wb.save(path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc}") from exc


def _xlsx_value(v: Any) -> Any:
    if isinstance(v, str):
        return "".join(ch for ch in v if ch in "\t\n\r" or ord(ch) >= 32)  # XML-illegal controls out
    return v
