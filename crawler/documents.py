"""A document's CPU work as one plain function (worker job): bytes -> record with its observations.

Used by the crawl's DocumentPipeline (in a worker process) and by `solieu ingest`. No Scrapy import.
"""
from __future__ import annotations

import hashlib
from typing import Any

import nlp
from crawler.extract.document import EXTRACTOR_VERSION, DocumentError, Limits, extract_document, tabular_line
from crawler.extract.tables import table_observations

VERSION = f"{EXTRACTOR_VERSION}+{nlp.EXTRACTOR_VERSION}"


def page_observations(page: dict[str, Any], published: str | None, home_place: str | None) -> list[dict[str, Any]]:
    """Figures in one page's text, as observation rows carrying the page number."""
    out = []
    for fig in nlp.extract_figures(page["text"], published=published, home_place=home_place):
        row = fig.to_dict()
        row.pop("extra", None)
        row["span_start"], row["span_end"] = row.pop("start"), row.pop("end")
        if row.get("indicator") is None:  # extract_figures sets it (nlp/indicators.py)
            row["indicator"] = nlp.indicator_key(fig.subject, fig.kind, fig.unit)
        row["page"] = page["page"]
        out.append(row)
    return out


def document_observations(record: dict[str, Any], home_place: str | None = None) -> list[dict[str, Any]]:
    """Every observation of a document: figures in its running text, then its table cells."""
    published = record["meta"].get("issued")
    place = record["meta"].get("place") or home_place
    obs: list[dict[str, Any]] = []
    table_pages = {t["page"] for t in record["tables"] if t["page"] is not None and record["kind"] == "pdf"}
    for page in record["pages"]:
        if page["text"] and not page.get("tabular"):
            if page["page"] in table_pages:  # its table rows are read from the table, not as sentences
                page = {**page, "text": "\n".join(ln for ln in page["text"].split("\n") if not tabular_line(ln))}
            obs.extend(page_observations(page, published, place))
    headers = None
    last_page = None
    for table in record["tables"]:
        decimal = "." if record["kind"] == "xlsx" else None
        carry = headers if table["page"] is not None and last_page is not None and table["page"] == last_page + 1 else None
        found, headers = table_observations(table["rows"], page=table["page"], title=table.get("title"),
                                            headers=carry, decimal=decimal)
        for row in found:
            row["place"] = row["place"] or place
        obs.extend(found)
        last_page = table["page"]
    return obs


def process_document(data: bytes, name: str | None = None, home_place: str | None = None,
                     limits: Limits | None = None) -> dict[str, Any]:
    """Worker job: {"status": "ok", "record", "observations"} or {"status": "failed", "code", "reason"}."""
    try:
        record = extract_document(data, name, limits or Limits())
    except DocumentError as exc:
        return {"status": "failed", "code": exc.code, "reason": str(exc), "sha256": hashlib.sha256(data).hexdigest()}
    except MemoryError:
        return {"status": "failed", "code": "too_large", "reason": "ran out of memory reading the document",
                "sha256": hashlib.sha256(data).hexdigest()}
    return {"status": "ok", "record": record, "observations": document_observations(record, home_place)}
