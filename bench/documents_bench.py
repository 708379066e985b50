"""Document extraction speed against poppler's pdftotext on the same files, and peak memory on 500 pages.

    .venv/bin/python bench/documents_bench.py [--pages 200] [--scan-pages 4]

(a) text-layer PDF: crawler.extract.document (text per page, legacy-font check, tables) vs `pdftotext`;
(b) scanned PDF: OCR with Tesseract (vie) vs `pdftotext` (which finds no text in a scan);
(c) peak RSS of a child process extracting a 500-page PDF (the target is < 400 MB).
"""
from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.demo import documents as demo  # noqa: E402
from crawler.extract.document import Limits, extract_document  # noqa: E402
from crawler.extract.ocr import ocr_unavailable  # noqa: E402

PARAGRAPH = ("Trong tháng {i}, toàn thành phố có {n} hộ gia đình được hỗ trợ, đạt {p},5% kế hoạch năm; "
             "tổng kinh phí {m} tỷ đồng, tăng {q}% so với cùng kỳ năm trước.")


def text_pdf(pages: int) -> bytes:
    """A generated report: a few paragraphs with figures on every page, a ruled table every tenth page."""
    from reportlab.platypus import Table, TableStyle

    buf = io.BytesIO()
    c = demo._canvas(buf)
    for i in range(1, pages + 1):
        y = demo._lines(c, [PARAGRAPH.format(i=i % 12 + 1, n=1000 + i, p=i % 90, m=i * 3, q=i % 9 + 1)] * 6)
        if i % 10 == 0:
            t = Table(demo.REPORT_TABLE)
            t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 10), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
            w, h = t.wrapOn(c, 480, 300)
            t.drawOn(c, 60, y - h - 10)
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_pdf(pages: int) -> bytes:
    """Image-only pages (rendered text), as a scanner would produce."""
    images = [demo.page_image([PARAGRAPH.format(i=k, n=1000 + k, p=k, m=k * 3, q=k)[j:j + 48]
                               for j in range(0, 144, 48)] * 4) for k in range(1, pages + 1)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buf.getvalue()


def pdftotext_rate(path: Path, pages: int) -> tuple[float, int]:
    start = time.perf_counter()
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return pages / (time.perf_counter() - start), len(out.stdout.decode("utf-8", "replace").strip())


def ours_rate(data: bytes, pages: int) -> tuple[float, int, dict]:
    start = time.perf_counter()
    rec = extract_document(data, "bench.pdf", Limits(max_ocr_pages=10_000))
    elapsed = time.perf_counter() - start
    return pages / elapsed, sum(len(p["text"]) for p in rec["pages"]), rec


PEAK_CHILD = """
import resource, sys
from crawler.extract.document import extract_document
data = open(sys.argv[1], 'rb').read()
rec = extract_document(data, 'big.pdf')
assert rec['page_count'] == 500 and len(rec['pages']) == 500
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def main() -> None:
    """Run the three measurements and print one line each."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--scan-pages", type=int, default=4)
    args = ap.parse_args()
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext not found (Debian: apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "text.pdf")
        data = text_pdf(args.pages)
        path.write_bytes(data)
        base, base_chars = pdftotext_rate(path, args.pages)
        ours, chars, rec = ours_rate(data, args.pages)
        print(f"(a) text-layer PDF, {args.pages} pages: solieu {ours:.1f} pages/s ({chars:,} chars, "
              f"{len(rec['tables'])} tables) vs pdftotext {base:.1f} pages/s ({base_chars:,} chars); "
              f"ratio {ours / base:.2f}")
        reason = ocr_unavailable()
        if reason:
            print(f"(b) OCR: skipped, {reason}")
        else:
            scan = scan_pdf(args.scan_pages)
            spath = Path(tmp, "scan.pdf")
            spath.write_bytes(scan)
            sbase, sbase_chars = pdftotext_rate(spath, args.scan_pages)
            socr, schars, srec = ours_rate(scan, args.scan_pages)
            conf = [p["confidence"] for p in srec["pages"] if p["confidence"] is not None]
            print(f"(b) scanned PDF, {args.scan_pages} pages: solieu OCR {socr:.2f} pages/s ({schars:,} chars, "
                  f"mean confidence {sum(conf) / len(conf):.1f}) vs pdftotext {sbase:.1f} pages/s "
                  f"({sbase_chars} chars: a scan has no text layer)")
        big = Path(tmp, "big.pdf")
        big.write_bytes(text_pdf(500))
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PEAK_CHILD, str(big)], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parents[1])
        if out.returncode != 0:
            sys.exit(out.stderr[-2000:])
        peak = int(out.stdout.strip().splitlines()[-1])
        print(f"(c) 500-page PDF: peak RSS {peak} MB in {time.perf_counter() - start:.1f} s "
              f"(target < 400 MB: {'ok' if peak < 400 else 'OVER'})")


if __name__ == "__main__":
    main()
