"""The bytes of a document (PDF, DOCX, XLSX, DOC) -> a record: pages of text, tables, what it says about itself.

Pure apart from the OCR and antiword helpers it runs. Bad input raises DocumentError with a reason
code: not_a_document, encrypted, corrupt, zip_bomb, too_large, unsupported, empty.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from crawler.extract.docmeta import document_meta
from crawler.extract.errors import DocumentError
from crawler.extract.legacy import fix_legacy
from crawler.extract.office import check_zip, doc_text, docx_content, xlsx_sheets, zip_kind
from crawler.extract.pdf import pdf_pages, pdf_tables

EXTRACTOR_VERSION = "doc-1"
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".xlsx": "xlsx"}
__all__ = ["DocumentError", "Limits", "extract_document", "sniff", "declared_kind", "EXTRACTOR_VERSION"]


@dataclass(frozen=True)
class Limits:
    """Caps on one document: bytes, pages read, pages OCRed, pages searched for tables."""

    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    max_ocr_pages: int = 50
    max_table_pages: int = 200
    ocr: bool = True


def sniff(data: bytes) -> str | None:
    """The kind the bytes are, whatever the name says: pdf, docx, xlsx, doc, zip, html or None."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            return zip_kind(check_zip(data, max_unzipped=1 << 62)) or "zip"
        except DocumentError:
            return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "doc"
    if re.match(rb"\s*(<!doctype|<html|<\?xml|<head|<body)", head, re.I):
        return "html"
    return None


def declared_kind(name: str | None) -> str | None:
    """The kind a file name or URL path claims by its extension."""
    m = re.search(r"(\.[A-Za-z]{3,4})(?:[?#].*)?$", name or "")
    return EXTENSIONS.get(m[1].lower()) if m else None


_NUM_TOKEN = re.compile(r"(?<![\w.,])\d[\d.,]*%?(?![\w])")


def tabular_line(line: str) -> bool:
    """True for a line that reads like a table row (two numbers or more, no sentence ending)."""
    numbers = len([n for n in _NUM_TOKEN.findall(line) if not re.fullmatch(r"(?:19|20)\d{2}", n)])
    words = len(line.split())
    enough = (numbers >= 2 and numbers >= 0.4 * words) or (numbers >= 3 and numbers >= 0.3 * words)
    return enough and not re.search(r"[.;:!?]$", line.strip())


def _reflow(text: str) -> str:
    """Join the lines of a PDF/OCR page into paragraphs.

    A line ends its paragraph at . : ; ! ?, when it stops well short of the page's longest line, when
    the next one is a list item, a heading in capitals or a table row."""
    lines = [raw.strip() for raw in text.splitlines()]
    lengths = sorted(len(ln) for ln in lines if ln)
    width = lengths[int(len(lengths) * 0.8)] if lengths else 0  # a full line, ignoring a few overlong ones
    out: list[str] = []
    prev_len, prev_open = 0, False
    for line in lines:
        if not line:
            if out and out[-1] != "":
                out.append("")
            prev_open = False
            continue
        if re.fullmatch(r"[_\-=.*\s]{3,}", line):
            out.extend([line, ""])
            prev_open = False
            continue
        starts_item = re.match(r"(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–•+*]|điều \d|chương [ivx\d]|(?:bảng|biểu) \d+\.?)\s",
                               line, re.I)  # a list item, an article, a table caption
        joinable = (prev_open and not starts_item and not line.isupper() and not tabular_line(line)
                    and prev_len >= 0.6 * width)
        if joinable:
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
        prev_len = len(line)
        prev_open = not re.search(r"[.:;!?]$", line) and not line.isupper() and not tabular_line(line)
    return "\n".join(out)


def extract_document(data: bytes, name: str | None = None, limits: Limits = Limits()) -> dict[str, Any]:
    """A document record: kind, pages [{page, text, source, confidence, note}], tables, meta, notes."""
    if not data:
        raise DocumentError("empty", "empty file")
    if len(data) > limits.max_bytes:
        raise DocumentError("too_large", f"{len(data):,} bytes is over the {limits.max_bytes:,}-byte cap")
    declared, kind = declared_kind(name), sniff(data)
    notes: list[str] = []
    if kind == "zip":
        check_zip(data)  # a truncated DOCX/XLSX is corrupt, not "some other zip"
    if kind not in ("pdf", "docx", "xlsx", "doc"):
        what = {"html": "an HTML page", "zip": "a zip that is not DOCX/XLSX", None: "not a known document format"}[kind]
        raise DocumentError("not_a_document", f"content is {what}" + (f", not a {declared.upper()}" if declared else ""))
    if declared and declared != kind:
        notes.append(f"named .{declared} but the content is {kind.upper()}")
    record: dict[str, Any] = {"kind": kind, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                              "pages": [], "tables": [], "notes": notes, "page_count": None}
    if kind == "pdf":
        _read_pdf(data, record, limits)
    elif kind == "docx":
        text, tables, props = docx_content(data)
        record["pages"] = [{"page": None, "text": text, "source": "text", "confidence": None, "note": None}]
        record["tables"] = [{"page": None, **t} for t in tables]
        record["props"] = props
    elif kind == "xlsx":
        sheets = xlsx_sheets(data)
        record["page_count"] = len(sheets)
        record["tables"] = [{"page": i, "title": s["title"], "sheet": s["name"], "rows": s["rows"]}
                            for i, s in enumerate(sheets, 1)]
        record["pages"] = [{"page": i, "text": "\n".join(
            " | ".join(str(c) for c in row if c not in (None, "")) for row in s["rows"][:40]),
            "source": "text", "confidence": None, "note": None, "tabular": True} for i, s in enumerate(sheets, 1)]
    else:
        record["pages"] = [{"page": None, "text": doc_text(data), "source": "text", "confidence": None, "note": None}]
    encodings = set()
    for page in record["pages"]:
        page["text"], enc = fix_legacy(page["text"])
        encodings.add(enc)
    for table in record["tables"]:
        table["rows"] = [[fix_legacy(c)[0] if isinstance(c, str) else c for c in row] for row in table["rows"]]
        if table.get("title"):
            table["title"] = fix_legacy(table["title"])[0]
    legacy = sorted(encodings - {"unicode"})
    record["encoding"] = legacy[0] if legacy else "unicode"
    sources = {p["source"] for p in record["pages"]}
    record["text_layer"] = ("none" if sources <= {None} else "ocr" if sources <= {"ocr", None} and "ocr" in sources
                            else "mixed" if "ocr" in sources else "text")
    first = "\n".join(p["text"] for p in record["pages"][:1])
    if kind == "docx" and record["tables"]:  # the letterhead of a Word document is often a table
        first = "\n".join(str(c) for row in record["tables"][0]["rows"] for c in row if c) + "\n" + first
    record["meta"] = document_meta(first)
    if not record["meta"]["title"] and record.get("props", {}).get("title"):
        record["meta"]["title"] = record["props"]["title"]
    if kind == "xlsx" and not record["meta"]["title"] and record["tables"]:
        record["meta"]["title"] = record["tables"][0]["title"]
    if not any(p["text"].strip() for p in record["pages"]) and not record["tables"]:
        notes.append("no text found")
    return record


def _read_pdf(data: bytes, record: dict[str, Any], limits: Limits) -> None:
    pages = pdf_pages(data, max_pages=limits.max_pages, ocr=limits.ocr, max_ocr_pages=limits.max_ocr_pages)
    info = next(pages)
    record["page_count"] = info["page_count"]
    if info["truncated"]:
        record["notes"].append(f"only the first {limits.max_pages} of {info['page_count']} pages were read")
    table_pages = []
    for page in pages:
        if page["source"] == "text" and page.pop("tableish"):
            table_pages.append(page["page"])
        else:
            page.pop("tableish", None)
        if page["source"]:
            page["text"] = _reflow(page["text"])
        if page.get("note") and page["note"] not in record["notes"]:
            record["notes"].append(page["note"])
        record["pages"].append(page)
    try:
        for number, rows in pdf_tables(data, table_pages[:limits.max_table_pages]):
            record["tables"].append({"page": number, "title": _table_title(record["pages"][number - 1]["text"], rows),
                                     "rows": rows})
    except DocumentError as exc:
        record["notes"].append(str(exc))


def _table_title(page_text: str, rows: list[list[Any]]) -> str | None:
    """The line just above a table on its page (its caption), when it can be found."""
    first = next((str(c).split("\n")[0] for c in rows[0] if c), None)
    if not first:
        return None
    at = page_text.find(first)
    if at <= 0:
        return None
    before = [ln for ln in page_text[:at].splitlines() if ln.strip()]
    return before[-1].strip()[:300] if before else None
