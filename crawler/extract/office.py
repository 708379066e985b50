"""Word and Excel files -> text and tables: DOCX (python-docx), XLSX (openpyxl), old .doc (antiword).

A DOCX/XLSX is a zip: its members' declared sizes are checked against a cap before anything is
decompressed, so a zip bomb is refused instead of filling the memory.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from typing import Any

from crawler.extract.errors import DocumentError

MAX_UNZIPPED = int(os.environ.get("SOLIEU_DOC_MAX_UNZIPPED") or 200 * 1024 * 1024)
MAX_MEMBERS = 5000
MAX_ROWS, MAX_COLS = 5000, 200  # per worksheet


def check_zip(data: bytes, max_unzipped: int = MAX_UNZIPPED) -> zipfile.ZipFile:
    """The zip, or DocumentError when it is corrupt or expands past max_unzipped bytes."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError("corrupt", f"damaged or truncated zip container: {exc}") from exc
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_MEMBERS or total > max_unzipped:
        raise DocumentError("zip_bomb", f"zip expands to {total:,} bytes in {len(infos)} members "
                            f"(cap {max_unzipped:,}): refused as a possible zip bomb")
    return zf


def zip_kind(zf: zipfile.ZipFile) -> str | None:
    """'docx', 'xlsx' or None by the members of an Office Open XML zip."""
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def docx_content(data: bytes) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """(text of the paragraphs, tables as {"title", "rows"}, core properties) of a DOCX."""
    import docx
    from docx.table import Table

    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs: list[str] = []
        tables: list[dict[str, Any]] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                title = next((p for p in reversed(paragraphs[-3:]) if p.strip()), None)
                tables.append({"title": title, "rows": _docx_rows(block)})
            else:
                paragraphs.append(block.text)
        props = document.core_properties
        meta = {"title": props.title or None, "author": props.author or None,
                "created": props.created.isoformat() if props.created else None}
    except DocumentError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on broken parts
        raise DocumentError("corrupt", f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    return "\n".join(paragraphs), tables, meta


def _docx_rows(table) -> list[list[str | None]]:
    rows = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str | None] = []
        for cell in row.cells:
            key = id(cell._tc)
            cells.append(None if key in seen else cell.text)  # a merged cell repeats: keep it once
            seen.add(key)
        rows.append(cells)
    return rows


def _display(value: Any, fmt: str | None) -> Any:
    """A numeric cell as an English-locale viewer shows it ('0.00' -> '1.96'); text is kept."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value.strip() if isinstance(value, str) else value
    fmt = fmt or "General"
    pct = "%" in fmt
    shown = value * 100 if pct else value
    m = re.search(r"0\.(0+)", fmt)
    if m:
        decimals = len(m[1])
    elif fmt == "General" and isinstance(value, float) and not value.is_integer():
        text = f"{shown:.6g}"
        return text + ("%" if pct else "")
    else:
        decimals = 0
    text = f"{shown:,.{decimals}f}" if "," in fmt else f"{shown:.{decimals}f}"
    return text + ("%" if pct else "")


def xlsx_sheets(data: bytes) -> list[dict[str, Any]]:
    """One {"name", "title", "rows"} per worksheet, merged cells filled, numbers as displayed."""
    import openpyxl

    check_zip(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise DocumentError("corrupt", f"unreadable XLSX: {type(exc).__name__}: {exc}") from exc
    sheets = []
    try:
        for ws in wb.worksheets:
            nrows, ncols = min(ws.max_row, MAX_ROWS), min(ws.max_column, MAX_COLS)
            grid = [[_display(c.value, c.number_format) for c in row]
                    for row in ws.iter_rows(min_row=1, max_row=nrows, max_col=ncols)]
            for rng in ws.merged_cells.ranges:
                top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= nrows and rng.min_col <= ncols else None
                for r in range(rng.min_row, min(rng.max_row, nrows) + 1):
                    for c in range(rng.min_col, min(rng.max_col, ncols) + 1):
                        grid[r - 1][c - 1] = top
            title = None
            for row in grid[:5]:
                texts = {str(v).strip() for v in row if v not in (None, "")}
                if len(texts) == 1:
                    title = texts.pop()
                    break
            sheets.append({"name": ws.title, "title": title, "rows": grid})
    finally:
        wb.close()
    return sheets


def doc_text(data: bytes) -> str:
    """Text of an old binary Word .doc through Debian's antiword, or DocumentError('unsupported')."""
    exe = shutil.which("antiword")
    if exe is None:
        raise DocumentError("unsupported", "old binary Word .doc: antiword is not installed "
                            "(Debian: apt-get install antiword)")
    with tempfile.NamedTemporaryFile(suffix=".doc") as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            out = subprocess.run([exe, "-m", "UTF-8.txt", "-w", "0", tmp.name], capture_output=True, timeout=120)
        except subprocess.TimeoutExpired as exc:
            raise DocumentError("timeout", "antiword took longer than 120 s") from exc
    if out.returncode != 0:
        raise DocumentError("unsupported", "old binary Word .doc antiword cannot read: "
                            + out.stderr.decode("utf-8", "replace").strip()[:200])
    return out.stdout.decode("utf-8", "replace")
