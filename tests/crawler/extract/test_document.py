"""Documents -> pages, tables, metadata; every kind of bad file gets a reason code."""
import io
import zipfile

import pytest

from crawler.demo import documents as demo
from crawler.extract import ocr as ocr_mod
from crawler.extract.document import Limits, declared_kind, extract_document, sniff
from crawler.extract.errors import DocumentError


def _pdf(pages: list[list[str]], **kwargs) -> bytes:
    buf = io.BytesIO()
    c = demo._canvas(buf, **kwargs)
    for lines in pages:
        demo._lines(c, lines)
        c.showPage()
    c.save()
    return buf.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "1. Dân số"
    ws.append(["1. Một số chỉ tiêu dân số"])
    ws.append([])
    ws.append(["Chỉ tiêu", "2023", "2024"])
    ws.append(["Dân số trung bình (Nghìn người)", 8587.1, 8718.0])
    ws.append(["Tỷ lệ tăng dân số (%)", 1.52, 1.5])
    ws["B4"].number_format = ws["C4"].number_format = "0.0"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_pdf_text_per_page_and_metadata():
    rec = extract_document(demo.report_pdf(), "bao-cao.pdf")
    assert rec["kind"] == "pdf" and rec["page_count"] == 3 and rec["text_layer"] == "text"
    assert "7,4%" in rec["pages"][0]["text"] and "0,02%" in rec["pages"][1]["text"]
    assert "0,02%" not in rec["pages"][0]["text"]
    meta = rec["meta"]
    assert (meta["number"], meta["issued"], meta["place"], meta["doc_type"]) == \
        ("215/BC-UBND", "2025-12-15", "Hà Nội", "báo cáo")
    assert meta["issuer"] == "UBND thành phố Hà Nội"
    assert meta["title"].startswith("Báo cáo Kết quả thực hiện kế hoạch")
    [table] = rec["tables"]
    assert table["page"] == 3 and table["rows"][0] == demo.REPORT_TABLE[0]


def test_docx_paragraphs_and_tables():
    rec = extract_document(demo.plan_docx(), "ke-hoach.docx")
    assert rec["kind"] == "docx" and rec["pages"][0]["page"] is None
    assert "đạt 25%" in rec["pages"][0]["text"]
    assert rec["tables"][-1]["rows"] == demo.PLAN_TABLE
    assert rec["meta"]["number"] == "08/KH-UBND" and rec["meta"]["doc_type"] == "kế hoạch"


def test_xlsx_sheets_as_pages():
    rec = extract_document(_xlsx(), "bieu.xlsx")
    assert rec["kind"] == "xlsx" and rec["page_count"] == 1
    table = rec["tables"][0]
    assert table["sheet"] == "1. Dân số" and table["title"] == "1. Một số chỉ tiêu dân số"
    assert table["rows"][3][1:] == ["8587.1", "8718.0"]  # as displayed with the cell's number format


def test_tcvn3_pdf_is_converted():
    rec = extract_document(demo.tcvn3_pdf(), "thong-bao.pdf")
    assert rec["encoding"] == "tcvn3"
    assert "tổng số lao động được giải quyết việc làm là 165.000 người" in rec["pages"][0]["text"]


@pytest.mark.skipif(ocr_mod.ocr_unavailable() is not None, reason=f"OCR unavailable: {ocr_mod.ocr_unavailable()}")
def test_scanned_page_is_ocred_with_confidence():
    rec = extract_document(demo.scan_pdf(), "quyet-dinh.pdf")
    page = rec["pages"][0]
    assert rec["text_layer"] == "ocr" and page["source"] == "ocr"
    assert "1.500.000 đồng/tháng" in page["text"]
    assert 50 < page["confidence"] <= 100


def test_without_tesseract_a_scan_is_marked_not_broken(monkeypatch):
    monkeypatch.setattr("crawler.extract.pdf.ocr_unavailable", lambda: "tesseract is not installed")
    rec = extract_document(demo.scan_pdf(), "quyet-dinh.pdf")
    assert rec["text_layer"] == "none" and rec["pages"][0]["source"] is None
    assert any("OCR unavailable: tesseract is not installed" in n for n in rec["notes"])


def test_ocr_cap_leaves_later_scans_unread(monkeypatch):
    monkeypatch.setattr("crawler.extract.pdf.ocr_unavailable", lambda: None)
    calls = []
    monkeypatch.setattr("crawler.extract.pdf._ocr_page", lambda page: calls.append(1) or
                        {"text": "Trang chụp", "source": "ocr", "confidence": 90.0})
    rec = extract_document(_pdf([[]] * 4), "scan.pdf", Limits(max_ocr_pages=2))
    assert len(calls) == 2 and [p["source"] for p in rec["pages"]] == ["ocr", "ocr", None, None]
    assert rec["text_layer"] == "mixed" or rec["text_layer"] == "ocr"


def test_many_pages_are_read_one_at_a_time():
    rec = extract_document(_pdf([[f"Trang số {i}: có {i} hộ dân được hỗ trợ."] for i in range(1, 501)]), "dai.pdf")
    assert rec["page_count"] == 500 and len(rec["pages"]) == 500
    assert "có 500 hộ" in rec["pages"][499]["text"]
    capped = extract_document(_pdf([["Trang."]] * 30), "dai.pdf", Limits(max_pages=10))
    assert len(capped["pages"]) == 10 and "only the first 10 of 30 pages" in capped["notes"][0]


def _bomb(size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * size)
    return buf.getvalue()


def _encrypted() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return _pdf([["Mật"]], encrypt=StandardEncryption("mat-khau", canPrint=0))


@pytest.mark.parametrize("name, make, code, words", [
    ("mat.pdf", _encrypted, "encrypted", "password"),
    ("cut.pdf", lambda: demo.report_pdf()[:3000], "corrupt", "damaged or truncated PDF"),
    ("cut.docx", lambda: demo.plan_docx()[:5000], "corrupt", "damaged or truncated zip"),
    ("bomb.docx", lambda: _bomb(201 * 1024 * 1024), "zip_bomb", "zip bomb"),
    ("trang.pdf", lambda: b"<!DOCTYPE html><html><body>404</body></html>", "not_a_document", "HTML page, not a PDF"),
    ("rac.xlsx", lambda: b"\x00\x01garbage" * 50, "not_a_document", "not a known document format"),
    ("rong.pdf", lambda: b"", "empty", "empty file"),
    ("cu.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "unsupported", ".doc"),
])
def test_bad_files_get_a_reason(name, make, code, words):
    with pytest.raises(DocumentError) as err:
        extract_document(make(), name)
    assert err.value.code == code and words in str(err.value)


def test_too_large_is_refused_before_reading():
    with pytest.raises(DocumentError, match="cap") as err:
        extract_document(demo.report_pdf(), "x.pdf", Limits(max_bytes=1000))
    assert err.value.code == "too_large"


def test_a_docx_named_pdf_is_read_as_what_it_is():
    rec = extract_document(demo.plan_docx(), "ke-hoach.pdf")
    assert rec["kind"] == "docx" and "named .pdf but the content is DOCX" in rec["notes"]


@pytest.mark.parametrize("data, kind", [(b"%PDF-1.7\n", "pdf"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
                                        (b"  <html>", "html"), (b"plain", None)])
def test_sniff(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize("name, kind", [("a/b.PDF", "pdf"), ("x.docx?download=1", "docx"), ("x.xlsx", "xlsx"),
                                        ("x.doc", "doc"), ("x.htm", None), (None, None)])
def test_declared_kind(name, kind):
    assert declared_kind(name) == kind
