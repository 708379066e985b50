"""HTML templates of the demo news site (small f-string functions).

Every piece of text goes through ``esc`` (html.escape); JSON-LD goes through
``_jsonld`` which also neutralises ``<``, ``>`` and ``&``.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import datetime

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]

CSS = """body{font-family:Arial,sans-serif;margin:0;color:#222}
.container{max-width:1140px;margin:0 auto;padding:0 12px}
.header{background:#0b4f9c;color:#fff}.header a{color:#fff}
.main-menu ul{list-style:none;display:flex;gap:16px;margin:0;padding:8px 0}
.breadcrumb{font-size:13px;color:#666}.sapo{font-weight:bold;font-size:17px}
.article-body p{line-height:1.6}.author{text-align:right;font-weight:bold}
.layout{display:grid;grid-template-columns:3fr 1fr;gap:24px}
.comments{background:#f5f5f5;padding:12px}.footer{background:#eee;font-size:13px;padding:16px 0}
"""


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def vn_date(dt: datetime) -> str:
    """'Thứ Năm, 29/02/2024 - 15:00'."""
    return f"{WEEKDAYS[dt.weekday()]}, {dt:%d/%m/%Y - %H:%M}"


def _jsonld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# ------------------------------------------------------------------ skeleton
def layout(site, *, title: str, description: str, path: str, main: str,
           og_type: str = "website", head_extra: str = "", active: str = "",
           sidebar: bool = True, robots: str = "index, follow") -> str:
    url = site.url(path)
    side = f'<aside class="sidebar col-right">{most_read_box(site)}</aside>' if sidebar else ""
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}">
<meta name="robots" content="{esc(robots)}">
<meta property="og:site_name" content="{esc(site.name)}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:type" content="{esc(og_type)}">
<meta property="og:url" content="{esc(url)}">
<meta property="og:description" content="{esc(description)}">
<meta property="og:locale" content="vi_VN">
<link rel="canonical" href="{esc(url)}">
<link rel="alternate" type="application/rss+xml" title="{esc(site.name)}" href="{esc(site.url('/rss/home.rss'))}">
<link rel="stylesheet" href="/static/style.css">
{head_extra}</head>
<body class="{esc(og_type)}">
{header(site, active)}
<div class="container layout">
<main class="col-main">
{main}
</main>
{side}
</div>
{footer(site)}
</body>
</html>
"""


def header(site, active: str = "") -> str:
    items = ['<li><a href="/" class="home">Trang chủ</a></li>']
    for slug, name in site.sections.items():
        cls = ' class="active"' if slug == active else ""
        items.append(f'<li{cls}><a href="/{slug}">{esc(name)}</a></li>')
    today = vn_date(site.newest).split(" - ")[0]
    return f"""<header class="header">
<div class="container top-bar"><span class="today">{esc(today)}</span>
<a class="logo" href="/" title="{esc(site.name)}">{esc(site.name)}</a>
<form class="search" action="/tim-kiem"><input name="q" placeholder="Tìm kiếm"></form></div>
<nav class="main-menu container"><ul>
{chr(10).join(items)}
</ul></nav>
</header>"""


def footer(site) -> str:
    info = site.info
    return f"""<footer class="footer">
<div class="container">
<p class="footer-name"><strong>{esc(site.name)}</strong> - {esc(info['tagline'])}</p>
<p>Địa chỉ: {esc(info['address'])}</p>
<p>Điện thoại: {esc(info['phone'])} - Đường dây nóng: {esc(info['hotline'])} - Email: {esc(info['email'])}</p>
<p class="license">{esc(info['license'])}</p>
<p class="disclaimer">{esc(info['disclaimer'])}</p>
<ul class="footer-links"><li><a href="/lien-he">Liên hệ</a></li>
<li><a href="/rss/home.rss">RSS</a></li><li><a href="/sitemap.xml">Sitemap</a></li></ul>
</div>
</footer>"""


def most_read_box(site) -> str:
    lis = "\n".join(
        f'<li><span class="rank">{i}</span><a href="{esc(a["path"])}">{esc(a["title"])}</a></li>'
        for i, a in enumerate(site.most_read, 1))
    return f"""<section class="box most-read"><h3 class="box-title">Đọc nhiều</h3>
<ol>
{lis}
</ol></section>
<div class="banner ads">Quảng cáo</div>"""


def story_item(a: dict, with_sapo: bool = True) -> str:
    sapo = f'\n<p class="story-sapo">{esc(a["sapo"])}</p>' if with_sapo else ""
    return f"""<article class="story">
<h3 class="story-title"><a href="{esc(a['path'])}">{esc(a['title'])}</a></h3>
<span class="story-meta"><a href="/{esc(a['section'])}">{esc(a['section_name'])}</a> | <time datetime="{esc(a['published'])}">{a['dt']:%d/%m/%Y %H:%M}</time></span>{sapo}
</article>"""


# ---------------------------------------------------------------- article
def article_page(site, a: dict) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": a["url"]},
        "headline": a["title"],
        "description": a["sapo"],
        "datePublished": a["published"],
        "dateModified": a["modified"],
        "articleSection": a["section_name"],
        "inLanguage": "vi",
        "author": {"@type": "Person", "name": a["author"]},
        "publisher": {"@type": "Organization", "name": site.name,
                      "logo": {"@type": "ImageObject", "url": site.url("/static/logo.png")}},
    }
    head = f"""<meta property="article:published_time" content="{esc(a['published'])}">
<meta property="article:modified_time" content="{esc(a['modified'])}">
<meta property="article:section" content="{esc(a['section_name'])}">
<meta property="article:author" content="{esc(a['author'])}">
<meta name="pubdate" content="{esc(a['published'])}">
<script type="application/ld+json">
{_jsonld(ld)}
</script>
"""
    body = []
    image = a.get("image")
    for i, para in enumerate(a["paragraphs"]):
        if para.startswith("## "):
            body.append(f"<h3>{esc(para[3:])}</h3>")
        else:
            body.append(f"<p>{esc(para)}</p>")
        if image and i + 1 == int(image.get("after", 2)):
            src = f"/media/{a['dt']:%Y/%m}/{a['id']:06d}-1.gif"
            body.append(f"""<figure class="image align-center">
<img src="{esc(src)}" alt="{esc(image['caption'])}" width="800" height="450">
<figcaption class="image-caption">{esc(image['caption'])}</figcaption>
</figure>""")
    body.append(f'<p class="author">{esc(a["author"])}</p>')
    tags = "\n".join(f'<li><a href="/tag/{esc(slugify(t))}">{esc(t)}</a></li>' for t in a["tags"])
    related = "\n".join(f'<li><a href="{esc(r["path"])}">{esc(r["title"])}</a></li>'
                        for r in site.related(a))
    comments = "\n".join(f"""<li class="comment-item">
<span class="comment-name">{esc(c['name'])}</span> <span class="comment-time">{c['dt']:%H:%M %d/%m/%Y}</span>
<p class="comment-text">{esc(c['text'])}</p>
</li>""" for c in a["comments"])
    main = f"""<ul class="breadcrumb">
<li><a href="/">Trang chủ</a></li>
<li><a href="/{esc(a['section'])}">{esc(a['section_name'])}</a></li>
</ul>
<article class="article-detail" data-id="{a['id']}">
<h1 class="article-title">{esc(a['title'])}</h1>
<div class="article-meta"><span class="date">{esc(vn_date(a['dt']))}</span>
<a class="share fb" href="#">Chia sẻ</a> <a class="print" href="#">In bài</a></div>
<h2 class="sapo">{esc(a['sapo'])}</h2>
<div class="article-body">
{chr(10).join(body)}
</div>
{_attachments(a)}<div class="article-tags"><span>Từ khóa:</span><ul>
{tags}
</ul></div>
</article>
<section class="related-news"><h3 class="box-title">Tin liên quan</h3>
<ul>
{related}
</ul></section>
<section class="comments" id="binh-luan"><h3 class="box-title">Ý kiến bạn đọc ({len(a['comments'])})</h3>
<ul class="comment-list">
{comments}
</ul>
<form class="comment-form"><textarea name="noidung" placeholder="Ý kiến của bạn"></textarea>
<button type="button">Gửi bình luận</button></form>
</section>"""
    return layout(site, title=a["title"], description=a["sapo"], path=a["path"], main=main,
                  og_type="article", head_extra=head, active=a["section"])


def _attachments(a: dict) -> str:
    """Links to the article's attached documents (the "Văn bản" section serves them)."""
    docs = a.get("documents") or []
    if not docs:
        return ""
    items = "\n".join(f'<li><a class="attachment" href="/van-ban/{esc(d)}">Tải văn bản đính kèm '
                      f'({esc(d.rsplit(".", 1)[-1].upper())})</a></li>' for d in docs)
    return f'<div class="article-attachments"><span>Văn bản:</span><ul>\n{items}\n</ul></div>\n'


def documents_page(site, documents: dict[str, str]) -> str:
    """The "Văn bản" section: every demo document with its title."""
    items = "\n".join(f'<li><a href="/van-ban/{esc(name)}">{esc(title)}</a></li>' for name, title in documents.items())
    main = f'<h1 class="section-title">Văn bản</h1>\n<ul class="document-list">\n{items}\n</ul>'
    return layout(site, title="Văn bản", description="Văn bản, báo cáo, kế hoạch", path="/van-ban", main=main)


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphenated slug: 'Đô thị <2025>' -> 'do-thi-2025'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-")




# ---------------------------------------------------------------- listings
def home_page(site) -> str:
    top, rest = site.articles[0], site.articles[1:13]
    boxes = []
    for slug, name in site.sections.items():
        items = "\n".join(story_item(a, with_sapo=False) for a in site.by_section[slug][:4])
        boxes.append(f"""<section class="box-cate" data-section="{esc(slug)}">
<h2 class="box-title"><a href="/{esc(slug)}">{esc(name)}</a></h2>
{items}
</section>""")
    hot_tags = sorted(site.by_tag, key=lambda t: (-len(site.by_tag[t]), t))[:6]
    tags = "\n".join(f'<li><a href="/tag/{esc(t)}">{esc(site.tag_names[t])}</a></li>' for t in hot_tags)
    videos = "\n".join(f'<li><a href="{esc(v["path"])}">{esc(v["title"])}</a></li>' for v in site.videos)
    authors = "\n".join(f'<li><a href="/tac-gia/{esc(s)}">{esc(site.author_names[s])}</a></li>'
                        for s in sorted(site.by_author)[:5])
    main = f"""<section class="top-story">
{story_item(top)}
</section>
<section class="latest-news"><h2 class="box-title">Tin mới nhất</h2>
{chr(10).join(story_item(a) for a in rest)}
</section>
<section class="hot-tags"><h2 class="box-title">Chủ đề nóng</h2><ul>
{tags}
</ul></section>
<section class="video-box"><h2 class="box-title">Video</h2><ul>
{videos}
</ul></section>
{chr(10).join(boxes)}
<section class="authors"><h2 class="box-title">Cây bút</h2><ul>
{authors}
</ul></section>
<p class="admin-link"><a href="/admin/">Quản trị</a></p>"""
    return layout(site, title=f"{site.name} - {site.info['tagline']}",
                  description=site.info["description"], path="/", main=main)


def listing_page(site, heading: str, items: list[dict], path: str, page: int, pages: int,
                 section: str = "") -> str:
    nav = []
    if page > 1:
        prev = path if page == 2 else f"{path}?page={page - 1}"
        nav.append(f'<a class="prev" rel="prev" href="{esc(prev)}">Trang trước</a>')
    for n in range(1, pages + 1):
        href = path if n == 1 else f"{path}?page={n}"
        cls = "page active" if n == page else "page"
        nav.append(f'<a class="{cls}" href="{esc(href)}">{n}</a>')
    if page < pages:
        nav.append(f'<a class="next" rel="next" href="{esc(path)}?page={page + 1}">Trang sau</a>')
    own = path if page == 1 else f"{path}?page={page}"
    title = heading if page == 1 else f"{heading} - Trang {page}"
    main = f"""<ul class="breadcrumb"><li><a href="/">Trang chủ</a></li><li>{esc(heading)}</li></ul>
<h1 class="cate-title">{esc(heading)}</h1>
<div class="list-news">
{chr(10).join(story_item(a) for a in items)}
</div>
<div class="pagination">{' '.join(nav)}</div>"""
    desc = f"Tin tức {heading} mới nhất trên {site.name}."
    return layout(site, title=f"{title} | {site.name}", description=desc, path=own, main=main,
                  active=section)


def video_page(site, v: dict) -> str:
    main = f"""<ul class="breadcrumb"><li><a href="/">Trang chủ</a></li><li>Video</li></ul>
<div class="video-detail">
<h1 class="video-title">{esc(v['title'])}</h1>
<span class="date">{esc(vn_date(v['dt']))}</span>
<video controls width="800" poster="/static/video-poster.png">
<source src="/media/video/{int(v['id']):06d}.mp4" type="video/mp4"></video>
<p class="video-desc">{esc(v['description'])} ({esc(v['duration'])})</p>
</div>"""
    head = f'<meta property="video:release_date" content="{esc(v["dt"].isoformat())}">\n'
    return layout(site, title=v["title"], description=v["description"], path=v["path"],
                  main=main, og_type="video.other", head_extra=head)


def contact_page(site) -> str:
    info = site.info
    main = f"""<h1>Liên hệ</h1>
<div class="contact">
<p>Tòa soạn {esc(site.name)}</p>
<p>Địa chỉ: {esc(info['address'])}</p>
<p>Điện thoại: {esc(info['phone'])}</p>
<p>Đường dây nóng: {esc(info['hotline'])}</p>
<p>Email: {esc(info['email'])}</p>
<p>Liên hệ quảng cáo: {esc(info['ads_phone'])}</p>
</div>"""
    return layout(site, title=f"Liên hệ | {site.name}", description=f"Thông tin liên hệ {site.name}",
                  path="/lien-he", main=main)


def admin_page(site) -> str:
    main = """<h1>Đăng nhập quản trị</h1>
<form method="post" action="/admin/login"><input name="user"><input name="pass" type="password">
<button>Đăng nhập</button></form>"""
    return layout(site, title="Quản trị", description="Khu vực quản trị", path="/admin/",
                  main=main, sidebar=False, robots="noindex, nofollow")


def not_found_page(site) -> str:
    main = """<h1>404 - Không tìm thấy trang</h1>
<p>Trang bạn tìm không tồn tại hoặc đã bị xóa. <a href="/">Về trang chủ</a></p>"""
    return layout(site, title=f"Không tìm thấy trang | {site.name}", description="404",
                  path="/404", main=main, robots="noindex")
