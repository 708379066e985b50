"""PDF -> pages (text layer per page with pypdfium2, OCR for pages without one) and tables (pdfplumber:
ruled tables, and tables aligned by whitespace alone).

Pages are read one at a time and closed, so a 500-page report stays within a few tens of MB.
Never PyMuPDF (AGPL).
"""
from __future__ import annotations

import io
import os
import re
from typing import Any, Iterator

import pypdfium2 as pdfium

from crawler.extract.aligned import aligned_tables
from crawler.extract.errors import DocumentError
from crawler.extract.ocr import OcrError, ocr_png, ocr_unavailable

OCR_SCALE = float(os.environ.get("SOLIEU_OCR_DPI") or 200) / 72
MIN_TEXT_CHARS = 25  # a page with less text than this (signature stamps, page numbers) is a scan
_NUMERIC_LINE = re.compile(r"\d[\d.,]*\s+\S*\d")


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The PDF, or DocumentError: encrypted with a password, damaged, not a PDF."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise DocumentError("encrypted", "encrypted PDF: it needs a password") from exc
        raise DocumentError("corrupt", f"damaged or truncated PDF: {msg}") from exc


def _tableish(text: str) -> bool:
    return sum(bool(_NUMERIC_LINE.search(line)) for line in text.splitlines()) >= 3


def pdf_pages(data: bytes, *, max_pages: int, ocr: bool = True, max_ocr_pages: int = 50
              ) -> Iterator[dict[str, Any]]:
    """Yield one dict per page: page (1-based), text, source ('text', 'ocr' or None), confidence, tableish.

    The first item is {"page_count": N, "truncated": bool}; pages past max_pages are not read."""
    pdf = open_pdf(data)
    try:
        count = len(pdf)
        yield {"page_count": count, "truncated": count > max_pages}
        ocr_reason = ocr_unavailable() if ocr else "OCR turned off"
        ocr_done = 0
        for index in range(min(count, max_pages)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
                textpage.close()
                record = {"page": index + 1, "text": text, "source": "text", "confidence": None, "note": None}
                if len(text.strip()) < MIN_TEXT_CHARS:
                    record.update(source=None, text=text.strip())
                    if ocr_reason:
                        record["note"] = f"no text layer; OCR unavailable: {ocr_reason}"
                    elif ocr_done >= max_ocr_pages:
                        record["note"] = f"no text layer; OCR cap of {max_ocr_pages} pages reached"
                    else:
                        record.update(_ocr_page(page))
                        ocr_done += 1
                record["tableish"] = record["source"] == "text" and _tableish(record["text"])
            finally:
                page.close()
            yield record
    finally:
        pdf.close()


def _ocr_page(page: pdfium.PdfPage) -> dict[str, Any]:
    image = page.render(scale=OCR_SCALE, grayscale=True).to_pil()
    buf = io.BytesIO()
    image.save(buf, "PNG")
    image.close()
    try:
        text, conf = ocr_png(buf.getvalue())
    except OcrError as exc:
        return {"note": f"no text layer; OCR failed: {exc}"}
    return {"text": text, "source": "ocr", "confidence": conf}


def pdf_tables(data: bytes, pages: list[int]) -> Iterator[tuple[int, list[list[Any]]]]:
    """(page, rows) for each table on the given 1-based pages: the ruled tables pdfplumber finds, else
    (a page without ruled tables) the tables set as whitespace-aligned text (crawler/extract/aligned.py)."""
    if not pages:
        return
    import pdfplumber  # only for pages that look like tables: pdfminer is slow

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number in pages:
                page = pdf.pages[number - 1]
                try:
                    ruled = [rows for rows in page.extract_tables() if len(rows) >= 2]
                    found = ruled or aligned_tables(page.extract_words(x_tolerance=1.5, y_tolerance=2))
                    for rows in found:
                        yield number, rows
                finally:
                    page.close()
    except Exception as exc:  # pdfminer raises many types on odd files; the text is already safe
        raise DocumentError("tables", f"table extraction failed: {type(exc).__name__}: {exc}") from exc
