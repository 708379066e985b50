"""solieu report: one self-contained HTML file; scraped text stays text (checked in headless Chromium)."""
import html
import re
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.conftest import solieu

CHROMIUM = Path("/usr/bin/chromium")
EVIL_TITLE = "<script>document.documentElement.setAttribute('data-pwned','yes')</script> Hộ nghèo <b>giảm</b>"
EVIL_TEXT = ('Tỷ lệ hộ nghèo của phường còn 0,4% trong năm 2025. <img src=x onerror="document.title=\'PWNED\'"> '
             'Xem thêm <a href="javascript:alert(1)">đây</a>.')


@pytest.fixture(scope="module")
def report_db(demo_db, tmp_path_factory):
    """A copy of the demo database plus one article whose title and text carry markup and script."""
    path, proc = demo_db
    assert proc.returncode == 0
    target = tmp_path_factory.mktemp("report") / "r.db"
    src, dst = sqlite3.connect(path), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    from db import open_db
    from db.store import save_article

    db = open_db(target)
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    url = "javascript:alert(document.domain)"
    save_article(db, "hanoionline", {"url": url, "canonical_url": url, "title": EVIL_TITLE, "sapo": None,
                                     "text": EVIL_TEXT, "published_at": now},
                 [{"indicator": "tỷ lệ hộ nghèo (%)", "subject": "<script>x</script>", "value": 0.4, "kind": "percent",
                   "qualifier": "actual", "period": "2025", "text": "0,4%", "sentence": EVIL_TEXT, "span_start": 0,
                   "span_end": 4}])
    db.close()
    return target


@pytest.fixture(scope="module")
def report(report_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "report.html"
    proc = solieu("report", "--db", str(report_db), "--since", "2020-01-01", "-t", "hộ nghèo", "-t", "do thi",
                  "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Wrote" in proc.stderr
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def evil_report(report_db, tmp_path_factory):
    """Only today's articles: the one carrying markup, its figure in the indicator section."""
    out = tmp_path_factory.mktemp("evil") / "report.html"
    today = datetime.now(timezone.utc).date().isoformat()
    proc = solieu("report", "--db", str(report_db), "--since", today, "-t", "hộ nghèo", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained(report):
    assert not re.search(r"<(script|link|iframe|object|embed|img)\b", report, re.I)
    assert not re.search(r"""(src|srcset)\s*=\s*["']?https?:""", report, re.I)
    assert "@import" not in report and "url(" not in report
    assert "Content-Security-Policy" in report and "<svg" in report and "<style>" in report


def test_report_content(report, top_indicator):
    assert "Coverage per outlet" in report and "hanoionline" in report
    assert "“hộ nghèo”" in report and "“do thi”" in report
    assert "New figures by indicator" in report and f"<h3>{html.escape(top_indicator)}</h3>" in report
    assert 'href="http://127.0.0.1:' in report  # links to the source articles
    assert report.count("<svg") >= 2
    # the demo crawl's attached documents, with their figures and pages
    assert "<h2>Documents stored since 2020-01-01</h2>" in report and "215/BC-UBND" in report
    assert "0,02% — tỷ lệ hộ nghèo (trang 2)" in report


def test_scraped_text_is_escaped(evil_report):
    report = evil_report
    assert "tỷ lệ hộ nghèo (%)" in report
    assert "&lt;script&gt;document.documentElement.setAttribute" in report
    assert "&lt;img src=x onerror=" in report
    assert "<script>" not in report and "onerror=\"document" not in report
    assert 'href="javascript:' not in report


def test_since_default_is_seven_days(report_db, tmp_path):
    out = tmp_path / "week.html"
    proc = solieu("report", "--db", str(report_db), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text()
    assert "&lt;script&gt;" in html  # the article published now is in the window
    assert "Thư viện số" not in html  # demo articles are older than a week


def _chromium(*args, tmp_path):
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install -y chromium)")
def test_report_in_headless_chromium(report, evil_report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report, encoding="utf-8")
    shot = tmp_path / "report.png"
    proc = _chromium(f"--screenshot={shot}", "--window-size=1200,3000", page.as_uri(), tmp_path=tmp_path)
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", proc.stderr[-1000:]
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    evil = tmp_path / "evil.html"
    evil.write_text(evil_report, encoding="utf-8")
    dom = _chromium("--dump-dom", evil.as_uri(), tmp_path=tmp_path).stdout
    assert "solieu report" in dom
    assert "data-pwned" not in dom.split("&lt;script&gt;")[0] and 'data-pwned="yes"' not in dom
    assert "&lt;script&gt;document.documentElement.setAttribute" in dom  # shown as text
    assert "<title>PWNED</title>" not in dom


def test_report_needs_an_output(report_db):
    proc = solieu("report", "--db", str(report_db))
    assert proc.returncode == 2 and "-o" in proc.stderr


