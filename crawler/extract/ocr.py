"""OCR of a page image with Tesseract's Vietnamese model (Debian: tesseract-ocr, tesseract-ocr-vie).

The tesseract command is run on PNG bytes and its TSV output read: the page text line by line and
the mean word confidence (0-100). Without tesseract or its 'vie' model OCR reports itself
unavailable (`ocr_unavailable()` says why) and scanned pages are stored as needing OCR.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import subprocess

LANG = os.environ.get("SOLIEU_OCR_LANG", "vie")
TIMEOUT = 120.0  # seconds per page


class OcrError(RuntimeError):
    """Tesseract failed on a page."""


@functools.lru_cache(maxsize=1)
def ocr_unavailable() -> str | None:
    """None when OCR works here, else why not (no tesseract, no Vietnamese model)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"tesseract does not run: {exc}"
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    missing = [lang for lang in LANG.split("+") if lang not in langs]
    if missing:
        return f"tesseract has no {'+'.join(missing)} model (Debian: apt-get install tesseract-ocr-vie)"
    return None


def parse_tsv(tsv: str) -> tuple[str, float | None]:
    """Tesseract TSV -> (text with one line per OCR line, mean confidence of the words)."""
    lines: dict[tuple[int, int, int, int], list[str]] = {}
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5":
            continue
        word = (row.get("text") or "").strip()
        try:
            conf = float(row.get("conf") or -1)
        except ValueError:
            conf = -1.0
        if not word or conf < 0:
            continue
        key = tuple(int(row[k]) for k in ("page_num", "block_num", "par_num", "line_num"))
        lines.setdefault(key, []).append(word)
        confs.append(conf)
    text = "\n".join(" ".join(words) for _, words in sorted(lines.items()))
    text = text.replace("\u00d0", "\u0110")  # Icelandic Ð read for Vietnamese Đ
    return text, (round(sum(confs) / len(confs), 1) if confs else None)


def ocr_png(png: bytes, lang: str = LANG) -> tuple[str, float | None]:
    """OCR one page image (PNG bytes): (text, mean word confidence 0-100)."""
    reason = ocr_unavailable()
    if reason:
        raise OcrError(reason)
    try:
        out = subprocess.run(["tesseract", "stdin", "stdout", "-l", lang, "--psm", "3", "tsv"],
                             input=png, capture_output=True, timeout=TIMEOUT,
                             env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"tesseract took longer than {TIMEOUT:.0f} s on a page") from exc
    if out.returncode != 0:
        raise OcrError(f"tesseract failed: {out.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return parse_tsv(out.stdout.decode("utf-8", "replace"))
