"""The five real public documents in ../shared/real_docs: how many labelled figures and cells we find.

Read at run time (never copied into the repository); skipped without ../shared.
"""
import json
import unicodedata

import pytest
import sqlite_utils

from tests.conftest import SHARED, solieu

REAL = SHARED / "real_docs"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"no shared real documents at {REAL}")


def _norm(text) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def _found(label: dict, rows: list[dict], table: bool) -> bool:
    for r in rows:
        if _norm(r["text"]) != _norm(label["cell" if table else "figure"]):
            continue
        if label["page"] is not None and r["page"] != label["page"]:
            continue
        if not table or (_norm(label["row_label"]) in _norm(r["sentence"])
                         and _norm(label["column"]) in _norm(r["sentence"])):
            return True
    return False


def test_real_documents_labels(tmp_path):
    db_path = tmp_path / "real.db"
    proc = solieu("ingest", str(REAL), "--db", str(db_path), timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    db = sqlite_utils.Database(db_path)
    counts = {"figures": [0, 0], "tables": [0, 0]}
    for expected in sorted(REAL.glob("*.expected.json")):
        labels = json.loads(expected.read_text(encoding="utf-8"))
        name = expected.name.replace(".expected.json", "")
        doc = next(db.query("SELECT * FROM documents WHERE name LIKE ?", [name + ".%"]))
        assert doc["status"] == "ok"
        if labels.get("pages") and labels["kind"] == "pdf":
            assert doc["page_count"] == labels["pages"]
        assert doc["text_layer"] == ("text" if labels["text_layer"] else "ocr") or doc["text_layer"] == "none"
        if labels.get("issuer") and labels["kind"] != "xlsx":  # a workbook has no letterhead
            assert doc["issuer"] is not None, name
        if labels.get("number"):
            assert doc["number"] == labels["number"]
        if labels.get("issued"):
            assert doc["issued"] == labels["issued"]
        rows = list(db.query("SELECT page, text, sentence FROM observations WHERE document_id = ?", [doc["id"]]))
        for key, table in (("figures", False), ("tables", True)):
            for label in labels[key]:
                if label.get("source") == "visual" and doc["text_layer"] == "none":
                    continue  # the scan without tesseract: nothing to find
                counts[key][1] += 1
                counts[key][0] += _found(label, rows, table)
    print(f"real_docs: figures {counts['figures'][0]}/{counts['figures'][1]}, "
          f"table cells {counts['tables'][0]}/{counts['tables'][1]}")
    found = counts["figures"][0] + counts["tables"][0]
    total = counts["figures"][1] + counts["tables"][1]
    assert found >= 0.8 * total, counts
    assert counts["tables"][0] >= counts["tables"][1] - 1, counts
