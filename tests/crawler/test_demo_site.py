"""The bundled demo news site, served over real HTTP and read like a crawler would."""

from __future__ import annotations

import email.utils
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

import lxml.html
import pytest

from crawler.demo.site import DemoSite, serve, slugify

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLE_PATH = re.compile(r"^/[a-z0-9]+(?:-[a-z0-9]+)*-\d{6}\.htm$")
VN_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
PLUS7 = timedelta(hours=7)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str, method: str = "GET", headers: dict | None = None):
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def fetch_ok(url: str):
    status, headers, body = fetch(url)
    assert status == 200, url
    return headers, body


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def server():
    with serve() as srv:
        yield srv


@pytest.fixture(scope="module")
def article_urls(server) -> list[str]:
    _, body = fetch_ok(server.url + "/sitemap.xml")
    index = ET.fromstring(body)
    assert index.tag == SM + "sitemapindex"
    urls: list[str] = []
    for sm in index.iter(SM + "sitemap"):
        loc = sm.findtext(SM + "loc")
        assert loc.startswith(server.url + "/sitemaps/articles-")
        datetime.fromisoformat(sm.findtext(SM + "lastmod"))
        _, child = fetch_ok(loc)
        urlset = ET.fromstring(child)
        assert urlset.tag == SM + "urlset"
        for u in urlset.iter(SM + "url"):
            datetime.fromisoformat(u.findtext(SM + "lastmod"))
            urls.append(u.findtext(SM + "loc"))
    return urls


@pytest.fixture(scope="module")
def pages(server, article_urls) -> dict[str, tuple[object, str]]:
    out = {}
    for url in article_urls:
        headers, body = fetch_ok(url)
        out[url] = (headers, body.decode("utf-8"))
    return out


def _links(doc, xpath: str) -> list[str]:
    return [a.get("href") for a in doc.xpath(xpath)]


# --------------------------------------------------------------------- tests
def test_robots_txt(server):
    headers, body = fetch_ok(server.url + "/robots.txt")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = body.decode().splitlines()
    assert f"Sitemap: {server.url}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_sitemap_lists_every_article(server, article_urls):
    assert len(article_urls) >= 36
    assert len(set(article_urls)) == len(article_urls)
    for url in article_urls:
        assert url.startswith(server.url + "/")
        assert ARTICLE_PATH.match(url[len(server.url):]), url


def test_rss_parses_and_links_resolve(server, article_urls):
    _, body = fetch_ok(server.url + "/rss/home.rss")
    channel = ET.fromstring(body).find("channel")
    items = channel.findall("item")
    assert len(items) == 20
    dates = []
    for item in items:
        link = item.findtext("link")
        assert link in article_urls
        pub = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
        assert pub.utcoffset() == PLUS7
        assert item.findtext("pubDate").endswith("+0700")
        dates.append(pub)
        fetch_ok(link)
    assert dates == sorted(dates, reverse=True)
    site = DemoSite()
    for section, name in site.sections.items():
        _, body = fetch_ok(f"{server.url}/rss/{section}.rss")
        sec_items = ET.fromstring(body).find("channel").findall("item")
        assert sec_items and all(i.findtext("category") == name for i in sec_items)
        for item in sec_items:
            assert fetch(item.findtext("link"), method="HEAD")[0] == 200


def test_section_pagination_reaches_every_article(server, article_urls):
    site = DemoSite()
    seen: set[str] = set()
    longest = 0
    for section in site.sections:
        path, pages_seen, found = f"/{section}", 0, []
        while path:
            _, body = fetch_ok(server.url + path)
            doc = lxml.html.fromstring(body)
            items = _links(doc, '//div[@class="list-news"]//h3[@class="story-title"]/a')
            assert 1 <= len(items) <= 8
            found += items
            pages_seen += 1
            nxt = doc.xpath('//div[@class="pagination"]/a[@rel="next"]')
            if nxt:
                assert nxt[0].text_content().strip() == "Trang sau"
            path = nxt[0].get("href") if nxt else None
        expected = {a["path"] for a in site.by_section[section]}
        assert set(found) == expected, section
        assert fetch(f"{server.url}/{section}?page={pages_seen + 1}")[0] == 404
        seen |= set(found)
        longest = max(longest, pages_seen)
    assert longest >= 2, "at least one section must need a second page"
    assert {server.url + p for p in seen} == set(article_urls)


def test_article_pages_metadata(server, pages):
    for url, (headers, text) in pages.items():
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert email.utils.parsedate_to_datetime(headers["Last-Modified"]) is not None
        doc = lxml.html.fromstring(text)
        assert doc.get("lang") == "vi"
        meta = doc.xpath('//meta[@property="article:published_time"]/@content')
        assert len(meta) == 1 and meta[0].endswith("+07:00"), url
        published = datetime.fromisoformat(meta[0])
        assert published.utcoffset() == PLUS7
        assert datetime.fromisoformat("2024-01-01T00:00:00+07:00") <= published
        assert published < datetime.now(published.tzinfo)  # never in the future; some are dated "-Nd"
        assert doc.xpath('//link[@rel="canonical"]/@href') == [url]
        assert doc.xpath('//meta[@property="og:url"]/@content') == [url]
        assert doc.xpath('//meta[@property="og:type"]/@content') == ["article"]
        assert doc.xpath('//link[@rel="alternate"][@type="application/rss+xml"]/@href')
        h1 = doc.xpath("//h1")[0].text_content()
        assert doc.findtext(".//title") == h1
        sapo = doc.xpath('//*[contains(@class,"sapo")]')[0].text_content()
        assert doc.xpath('//meta[@name="description"]/@content') == [sapo]
        assert doc.xpath('//meta[@property="og:description"]/@content') == [sapo]

        blocks = doc.xpath('//script[@type="application/ld+json"]')
        ld = json.loads(blocks[0].text)
        assert ld["@type"] == "NewsArticle"
        assert ld["headline"] == h1
        assert ld["datePublished"] == meta[0]
        datetime.fromisoformat(ld["dateModified"])
        assert ld["author"]["@type"] == "Person" and ld["author"]["name"]
        assert ld["publisher"]["name"]

        visible = doc.xpath('//div[@class="article-meta"]/span[@class="date"]')[0].text_content()
        expected = f"{VN_WEEKDAYS[published.weekday()]}, {published:%d/%m/%Y - %H:%M}"
        assert visible == expected, url

        body = doc.xpath('//div[@class="article-body"]')[0]
        paras = [p.text_content() for p in body.xpath("./p[not(@class)]")]
        assert 5 <= len(paras) <= 10, url
        words = sum(len(p.split()) for p in paras)
        assert 300 <= words <= 650, (url, words)
        assert body.xpath('./p[@class="author"]')[0].text_content() == ld["author"]["name"]

        comments = doc.xpath('//section[@id="binh-luan"]//li[@class="comment-item"]')
        assert 2 <= len(comments) <= 3, url
        body_text = body.text_content()
        for c in comments:
            assert c.xpath('.//span[@class="comment-name"]')[0].text_content()
            assert re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}",
                                c.xpath('.//span[@class="comment-time"]')[0].text_content())
            assert c.xpath('.//p[@class="comment-text"]')[0].text_content() not in body_text
        assert not body.xpath('.//*[contains(@class,"comment")]')

        related = _links(doc, '//section[@class="related-news"]//a')
        assert len(related) == 3 and all(ARTICLE_PATH.match(r) for r in related)
        assert doc.xpath('//div[@class="article-tags"]//a')
        assert doc.xpath('//aside//*[contains(@class,"most-read")]//a')
        assert len(doc.xpath('//nav[contains(@class,"main-menu")]//a')) >= 6
        assert doc.xpath('//footer[@class="footer"]')


def test_title_with_special_characters_is_escaped(server, pages):
    raw = 'Hội thảo "Dữ liệu & đô thị" <2025>'
    hits = [(u, t) for u, (_, t) in pages.items() if "du-lieu-do-thi-2025" in u]
    assert len(hits) == 1
    url, text = hits[0]
    assert "<2025>" not in text
    assert "&quot;Dữ liệu &amp; đô thị&quot; &lt;2025&gt;" in text
    doc = lxml.html.fromstring(text)
    assert doc.xpath("//h1")[0].text_content().startswith(raw)
    ld = json.loads(doc.xpath('//script[@type="application/ld+json"]')[0].text)
    assert ld["headline"].startswith(raw)


def test_home_and_non_article_pages(server, article_urls):
    _, body = fetch_ok(server.url + "/")
    doc = lxml.html.fromstring(body)
    links = set(_links(doc, "//a[@href]"))
    site = DemoSite()
    newest = site.articles[0]["path"]
    assert _links(doc, '//section[@class="top-story"]//a')[0] == newest
    for section in site.sections:
        assert f"/{section}" in links
    extra = {
        "tag": [u for u in links if u.startswith("/tag/")],
        "video": [u for u in links if u.startswith("/video/")],
        "author": [u for u in links if u.startswith("/tac-gia/")],
    }
    assert all(extra.values()), extra
    assert {"/lien-he", "/admin/"} <= links
    for path in extra["tag"] + extra["video"] + extra["author"] + ["/lien-he", "/admin/"]:
        _, page = fetch_ok(server.url + path)
        pdoc = lxml.html.fromstring(page)
        assert not pdoc.xpath('//meta[@property="article:published_time"]')
        assert not pdoc.xpath('//div[@class="article-body"]')
    for path in extra["video"]:
        assert re.fullmatch(r"/video/[a-z0-9-]+-v\d{6}\.htm", path)
        assert not re.search(r"-\d{6}\.htm$", path)
    for path in extra["tag"][:2] + extra["author"][:2]:
        _, page = fetch_ok(server.url + path)
        found = _links(lxml.html.fromstring(page), '//h3[@class="story-title"]/a')
        assert found and all(server.url + f in article_urls for f in found)


def test_unknown_paths_are_404(server):
    for path in ["/khong-co-bai-nay-123456.htm", "/xa-hoi/", "/xa-hoi?page=0",
                 "/xa-hoi?page=abc", "/rss/the-thao.rss", "/tag/khong-ton-tai",
                 "/sitemaps/articles-2019.xml", "/video/abc-v000001.htm", "/wp-login.php"]:
        status, headers, _ = fetch(server.url + path)
        assert status == 404, path
        assert headers["Content-Type"].endswith("charset=utf-8")


def test_request_log_and_conditional_get(server, capfd):
    headers, _ = fetch_ok(server.url + "/lien-he?probe=1")
    status, _, body = fetch(server.url + "/lien-he", headers={"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304 and body == b""
    fetch(server.url + "/khong-ton-tai")
    assert server.requests[-3:] == ["/lien-he?probe=1", "/lien-he", "/khong-ton-tai"]
    assert capfd.readouterr().err == ""


def test_demo_site_without_server():
    site = DemoSite(base_url="http://demo.test")
    status, ctype, body = site.render("/robots.txt")
    assert status == 200 and ctype.startswith("text/plain")
    assert b"Sitemap: http://demo.test/sitemap.xml" in body
    assert site.render("/does-not-exist") is None
    a = site.articles[0]
    assert a["url"] == "http://demo.test" + a["path"]
    assert slugify('Hội thảo "Dữ liệu & đô thị" <2025>') == "hoi-thao-du-lieu-do-thi-2025"
    assert slugify("Đường Vành đai 4") == "duong-vanh-dai-4"


def test_content_requirements():
    site = DemoSite()
    arts = site.articles
    assert len(arts) >= 36
    assert 5 <= len({a["section"] for a in arts}) <= 6
    ids = [a["id"] for a in arts]
    assert len(set(ids)) == len(ids) and all(100000 <= i <= 999999 for i in ids)
    for a in arts:
        assert a["title"] and a["sapo"] and len(a["author"].split()) >= 2
        assert a["path"] == f"/{slugify(a['title'])}-{a['id']}.htm"
        assert 2024 <= a["dt"].year and a["dt"].utcoffset() == PLUS7
        assert a["relative"] or a["dt"].year <= 2026  # fixed dates; "-Nd" ones are recent
        assert a["dt"] <= a["mdt"]
    text = "\n".join(a["sapo"] + "\n" + "\n".join(a["paragraphs"]) for a in arts)
    patterns = {
        "percent": r"\d+,\d+%", "ratio": r"\b\d+/\d+ (?:chỉ tiêu|quận)",
        "money": r"\d[\d.,]* (?:tỷ|triệu|nghìn tỷ) (?:đồng|USD)", "usd": r"triệu USD",
        "measure": r"\d[\d.,]* (?:ha|tấn|km|m2|MW)\b", "range": r"từ \d[\d,]* đến \d[\d,]*%",
        "dash_range": r"\b\d+-\d+%", "target": r"[Mm]ục tiêu đến năm 2025 là \d+%",
        "quarter": r"quý I/20\d\d", "half_year": r"6 tháng đầu năm 20\d\d",
        "period": r"giai đoạn 20\d\d-20\d\d", "month": r"tháng \d{1,2}/20\d\d",
        "date": r"ngày \d{1,2}/\d{1,2}", "doc_no": r"số \d+-CTr/TU|\d+/20\d\d/QĐ-UBND",
        "time": r"\b\d{1,2}h\d\d\b", "phone": r"024\.\d{4}\.\d{4}|1900 \d{4}",
        "address": r"số \d+ phố", "ordinal": r"lần thứ \d|Chương trình \d\d",
    }
    for name, pattern in patterns.items():
        assert re.search(pattern, text), name
    for unit in ["người", "hộ", "lượt", "ca", "doanh nghiệp", "dự án", "xã", "căn hộ"]:
        assert re.search(rf"\d[\d.,]* {unit}\b", text), unit
    soft = [a for a in arts if sum(bool(re.search(r"\d", w)) for p in a["paragraphs"]
                                   for w in p.split()) <= 3]
    assert len(soft) >= 2
    assert any(re.search(r'["&<>]', a["title"]) for a in arts)


def test_python_m_crawler_demo_serves_in_foreground():
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "crawler.demo", "--port", "0"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        _, body = fetch_ok(url + "/robots.txt")
        assert b"Sitemap:" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_relative_dates_keep_recent_news_recent():
    """Articles dated "-Nd HH:MM" are N days before today, so `report --since 7d` always has news."""
    from datetime import date

    from crawler.demo.site import parse_dt

    assert parse_dt("-2d 09:30", today=date(2026, 3, 1)).isoformat() == "2026-02-27T09:30:00+07:00"
    recent = [a for a in DemoSite().articles if a["relative"]]
    assert len(recent) >= 2
    now = datetime.now(recent[0]["dt"].tzinfo)
    assert all(timedelta(0) < now - a["dt"] < timedelta(days=7) for a in recent)
