"""Shared by the analysis commands: relative dates (--since 7d), and output as table, CSV, JSON or XLSX."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Sequence

import click

from solieu import timespec
from solieu.output import is_formula_like, render

EXPORT_FORMATS = ("table", "csv", "json", "xlsx")


class SinceError(ValueError):
    """A --since value is neither a date nor a relative span like 7d."""


class ExportError(ValueError):
    """Rows cannot be written in the requested format (xlsx without -o, bad path)."""


def parse_since(value: str | None, today: date | None = None, allow_future: bool = False) -> str | None:
    """A --since value ('7d', '2w', '3mo', '1y', 'YYYY-MM-DD', …) as the date 'YYYY-MM-DD' it starts on."""
    if value is None or not value.strip():
        return None
    if re.fullmatch(r"\d{4}(-\d{2})?", value.strip()):  # a year or a month: its first day
        value = (value.strip() + "-01-01")[:10]
    now = datetime.combine(today, datetime.min.time(), timezone.utc) if today else None
    try:
        return timespec.parse_since(value, now=now, allow_future=allow_future).date().isoformat()
    except ValueError as exc:
        raise SinceError(str(exc)) from exc


def since_option(default: str | None = None):
    """The --since option, parsed with parse_since into 'YYYY-MM-DD'."""
    def convert(ctx, param, value):
        try:
            return parse_since(value)
        except SinceError as exc:
            raise click.BadParameter(str(exc)) from exc
    return click.option("--since", callback=convert, default=default, show_default=default is not None,
                        help="Published on or after: a date (2024-03-01) or a span back from today (7d, 2w, 3mo, 1y).")


def until_option():
    """The --until option (published before), parsed like --since; a date in the future is fine."""
    def convert(ctx, param, value):
        try:
            return parse_since(value, allow_future=True)
        except SinceError as exc:
            raise click.BadParameter(str(exc).replace("--since", "--until")) from exc
    return click.option("--until", callback=convert,
                        help="Published before: a date (2024-03-01, 2024 = before 2024-01-01) or a span back (7d).")


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
        from rich.markup import escape

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
                    cell.quotePrefix = is_formula_like(cell.value)  # and stays text when edited
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


def emit_or_fail(sheets: dict[str, tuple[list[dict[str, Any]], Sequence[str]]], fmt: str, output: Path | None,
                 title: str | None = None) -> None:
    """emit(), with an export error turned into a one-line click error."""
    try:
        emit(sheets, fmt, output, title)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
