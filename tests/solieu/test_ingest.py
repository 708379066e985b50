"""`solieu ingest` and `solieu documents`: files, folders, URLs, duplicates, failures, exit codes."""
import json

import sqlite_utils

from crawler.demo import documents as demo
from tests.conftest import solieu


def _write_docs(folder):
    (folder / "sub").mkdir(parents=True)
    (folder / "bao-cao.pdf").write_bytes(demo.report_pdf())
    (folder / "sub" / "ke-hoach.docx").write_bytes(demo.plan_docx())
    (folder / "sub" / "ghi-chu.txt").write_text("không phải văn bản")  # not a document extension: skipped
    return folder


def test_ingest_folder_recursively_then_duplicates(tmp_path):
    docs, db_path = _write_docs(tmp_path / "docs"), tmp_path / "t.db"
    first = solieu("ingest", str(docs), "--db", str(db_path))
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert sum(line.startswith("stored") for line in lines) == 2
    assert lines[-1] == "2 file(s): 2 stored, 0 duplicate, 0 failed."
    db = sqlite_utils.Database(db_path)
    report = db.execute("SELECT id, number, page_count, text_layer, raw_gz IS NOT NULL FROM documents "
                        "WHERE kind = 'pdf'").fetchone()
    assert report[1:] == ("215/BC-UBND", 3, "text", 1)
    pages = {r[0]: r[1] for r in db.execute(
        "SELECT text, page FROM observations WHERE document_id = ? AND article_id IS NULL", [report[0]])}
    assert pages["7,4%"] == 1 and pages["0,02%"] == 2
    table = db.execute("SELECT subject, period, qualifier, unit, value FROM observations WHERE document_id = ? "
                       "AND page = 3 AND text = '510.000'", [report[0]]).fetchone()
    assert table == ("Thu ngân sách nhà nước", "2025", "actual", "VND", 510_000e9)
    # a copy under another name is the same content: not stored again
    (tmp_path / "copy.pdf").write_bytes(demo.report_pdf())
    again = solieu("ingest", str(docs), str(tmp_path / "copy.pdf"), "--db", str(db_path))
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1] == "3 file(s): 0 stored, 3 duplicate, 0 failed."
    assert db["documents"].count == 2
    listed = json.loads(solieu("documents", "--db", str(db_path), "--format", "json").stdout)
    assert {d["doc_type"] for d in listed} == {"báo cáo", "kế hoạch"}
    figures = json.loads(solieu("documents", "--db", str(db_path), "--figures", str(report[0]),
                                "--format", "json").stdout)
    assert {f["page"] for f in figures} == {1, 2, 3}
    table = solieu("documents", "--db", str(db_path), "--figures", str(report[0])).stdout
    assert "nghìn tỷ đồng" in table and "%" in table          # values as people read them, not bare cells
    found = solieu("search", "ho ngheo", "--db", str(db_path), "--format", "csv")
    assert found.returncode == 0 and "(trang 2)" in found.stdout and "**hộ nghèo**" in found.stdout
    assert "(trang" not in solieu("search", "ho ngheo", "--no-documents", "--db", str(db_path)).stdout


def test_bad_files_fail_with_a_reason_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.pdf").write_bytes(demo.report_pdf())
    (tmp_path / "cut.pdf").write_bytes(demo.report_pdf()[:2000])
    (tmp_path / "page.pdf").write_bytes(b"<html><body>Not found</body></html>")
    db_path = tmp_path / "t.db"
    proc = solieu("ingest", str(tmp_path / "cut.pdf"), str(tmp_path / "page.pdf"), str(tmp_path / "good.pdf"),
                  "--db", str(db_path))
    assert proc.returncode == 3, proc.stderr
    out = proc.stdout.splitlines()
    assert out[0].startswith("failed") and "damaged or truncated PDF" in out[0]
    assert out[1].startswith("failed") and "HTML page" in out[1]
    assert out[2].startswith("stored")
    assert out[-1] == "3 file(s): 1 stored, 0 duplicate, 2 failed."
    db = sqlite_utils.Database(db_path)
    failed = db.execute("SELECT id, error_code FROM documents WHERE status = 'failed' ORDER BY id").fetchall()
    assert [code for _, code in failed] == ["corrupt", "not_a_document"]
    for doc_id, _ in failed:  # nothing half-written: a failed document has no pages and no figures
        assert db.execute("SELECT COUNT(*) FROM document_pages WHERE document_id = ?", [doc_id]).fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM observations WHERE document_id = ?", [doc_id]).fetchone()[0] == 0


def test_zip_bomb_is_refused(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"\0" * (3 * 1024 * 1024))
    proc = solieu("ingest", str(tmp_path / "bomb.xlsx"), "--db", str(tmp_path / "t.db"),
                  env={"SOLIEU_DOC_MAX_UNZIPPED": str(1024 * 1024)})
    assert proc.returncode == 3 and "zip bomb" in proc.stdout


def test_ingest_http_url_and_bad_arguments(tmp_path, demo_server):
    db_path = tmp_path / "t.db"
    url = demo_server.url + "/van-ban/ke-hoach-giao-thong-cong-cong-2026.docx"
    proc = solieu("ingest", url, demo_server.url + "/van-ban/khong-co.pdf", "--db", str(db_path))
    assert proc.returncode == 3
    assert proc.stdout.splitlines()[0].startswith(f"stored     {url}")
    assert "HTTP 404" in proc.stdout.splitlines()[1]
    assert sqlite_utils.Database(db_path).execute("SELECT url FROM documents").fetchone()[0] == url
    assert solieu("ingest", str(tmp_path / "missing.pdf"), "--db", str(db_path)).returncode == 2
    assert solieu("ingest", "ftp://example.org/x.pdf", "--db", str(db_path)).returncode == 2
    assert solieu("ingest", "--db", str(db_path)).returncode == 2
