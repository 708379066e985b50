"""Commands for documents: ingest (files, folders, URLs) and documents (what is stored, their figures)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from solieu.cli.util import DB_OPTION, open_or_fail
from solieu.output import FORMATS, format_value, render

DOC_SUFFIXES = {".pdf", ".docx", ".doc", ".xlsx"}


def _targets(items: tuple[str, ...]) -> list[str]:
    """Files as given, folders expanded (recursively, document extensions only), URLs as they are."""
    out: list[str] = []
    for item in items:
        if item.startswith(("http://", "https://")):
            out.append(item)
            continue
        if "://" in item:
            raise click.BadParameter(f"only http(s) URLs can be ingested: {item}", param_hint="PATH|URL")
        path = Path(item)
        if path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in DOC_SUFFIXES)
        elif path.is_file():
            out.append(str(path))
        else:
            raise click.BadParameter(f"no such file or folder: {item}", param_hint="PATH|URL")
    return out


def _describe(result: dict, n_obs: int) -> str:
    rec = result["record"]
    pages = f"{rec['page_count']} pages" if rec["page_count"] else "no pages"
    ocr = sum(p["source"] == "ocr" for p in rec["pages"])
    bits = [rec["kind"], pages, f"{n_obs} figures", f"{len(rec['tables'])} tables"]
    if ocr:
        bits.append(f"{ocr} OCR")
    if rec["encoding"] != "unicode":
        bits.append(f"{rec['encoding']} converted")
    bits += rec["notes"]
    return ", ".join(bits)


@click.command()
@click.argument("items", nargs=-1, required=True, metavar="PATH|URL...")
@DB_OPTION
@click.option("--max-mb", type=click.IntRange(1), default=100, show_default=True, help="Largest file read.")
@click.option("--max-pages", type=click.IntRange(1), default=2000, show_default=True, help="Pages read per PDF.")
@click.option("--max-ocr-pages", type=click.IntRange(0), default=50, show_default=True,
              help="Scanned pages OCRed per PDF.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR pages without a text layer.")
@click.option("--place", help="Home place for figures that name none (default: the document's own place).")
def ingest(items, db_path, max_mb, max_pages, max_ocr_pages, no_ocr, place) -> None:
    """Store documents (PDF, DOCX, XLSX, DOC) from files, folders (recursive) and http(s) URLs.

    One line per file: stored / duplicate / failed: reason, then a summary. Each document is
    written in one transaction. Exit codes: 0 ok, 3 some files failed, 1 fatal (unusable database),
    2 bad arguments."""
    from crawler.docfetch import FetchError, fetch_document
    from crawler.documents import VERSION, process_document
    from crawler.extract.document import Limits
    from db.documents import known_document, save_document
    from db.store import utcnow

    targets = _targets(items)
    db = open_or_fail(db_path, create=True)  # like crawl, ingest writes: it creates the database
    limits = Limits(max_bytes=max_mb * 1024 * 1024, max_pages=max_pages, max_ocr_pages=max_ocr_pages, ocr=not no_ocr)
    counts = {"stored": 0, "duplicate": 0, "failed": 0}
    for target in targets:
        is_url = target.startswith(("http://", "https://"))
        url = target if is_url else Path(target).resolve().as_uri()
        try:
            if (doc_id := known_document(db, url)) is not None and db.execute(
                    "SELECT status FROM documents WHERE id = ?", [doc_id]).fetchone()[0] == "ok":
                counts["duplicate"] += 1
                click.echo(f"duplicate  {target}  (already stored as document {doc_id})")
                continue
            if is_url:
                data, url = fetch_document(target, limits.max_bytes)
            else:
                size = Path(target).stat().st_size
                if size > limits.max_bytes:
                    raise FetchError(f"{size:,} bytes is over the {limits.max_bytes:,}-byte cap")
                data = Path(target).read_bytes()
        except (FetchError, OSError) as exc:
            counts["failed"] += 1
            click.echo(f"failed     {target}: {exc}")
            continue
        result = process_document(data, target, home_place=place, limits=limits)
        status, doc_id = save_document(db, url, result, data=data, now=utcnow(), name=Path(target).name,
                                       source="ingest", version=VERSION)
        counts[status] += 1
        if status == "stored":
            click.echo(f"stored     {target}  (document {doc_id}: {_describe(result, len(result['observations']))})")
        elif status == "duplicate":
            click.echo(f"duplicate  {target}  (same content as document {doc_id})")
        else:
            click.echo(f"failed     {target}: {result['reason']}")
    db.close()
    click.echo(f"{len(targets)} file(s): {counts['stored']} stored, {counts['duplicate']} duplicate, "
               f"{counts['failed']} failed.")
    if counts["failed"]:
        sys.exit(3)


@click.command()
@DB_OPTION
@click.option("--figures", "figures_of", type=int, default=None, metavar="ID",
              help="The figures of one document (0: of every document), with their pages.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def documents(db_path, figures_of, limit, fmt) -> None:
    """Stored documents (type, number, issuer, pages, text layer or OCR, figures), or their figures."""
    from db.documents import document_figures, list_documents

    db = open_or_fail(db_path)
    if figures_of is not None:
        rows = document_figures(db, figures_of or None, limit=limit)
        if fmt == "table":
            rows = [{**r, "value": format_value(r)} for r in rows]
        cols = ["document_id", "page", "value", "kind", "subject", "qualifier", "period", "document"]
        title = "Figures from documents"
    else:
        rows = list_documents(db, limit=limit)
        cols = ["id", "status", "kind", "doc_type", "number", "issued", "issuer", "page_count", "text_layer",
                "figures", "articles", "title", "error"]
        title = "Documents"
    text = render(rows, fmt, cols, title=title)
    if text is not None:
        click.echo(text)


COMMANDS = [ingest, documents]
