"""RSS 2.0 feeds, sitemaps and robots.txt of the demo news site."""

from __future__ import annotations

import email.utils
from html import escape


def _x(value) -> str:
    return escape(str(value), quote=True)


def rss(site, title: str, key: str, items: list[dict]) -> str:
    link = site.url("/" if key == "home" else f"/{key}")
    entries = []
    for a in items:
        entries.append(f"""<item>
<title>{_x(a['title'])}</title>
<link>{_x(a['url'])}</link>
<guid isPermaLink="true">{_x(a['url'])}</guid>
<description>{_x(a['sapo'])}</description>
<category>{_x(a['section_name'])}</category>
<dc:creator>{_x(a['author'])}</dc:creator>
<pubDate>{email.utils.format_datetime(a['dt'])}</pubDate>
</item>""")
    build = email.utils.format_datetime(items[0]["dt"]) if items else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{_x(title)}</title>
<link>{_x(link)}</link>
<atom:link href="{_x(site.url(f'/rss/{key}.rss'))}" rel="self" type="application/rss+xml"/>
<description>{_x(site.info['description'])}</description>
<language>vi-VN</language>
<lastBuildDate>{build}</lastBuildDate>
{chr(10).join(entries)}
</channel>
</rss>
"""


def sitemap_index(site) -> str:
    years = sorted({a["dt"].year for a in site.articles}, reverse=True)
    parts = []
    for y in years:
        last = max(a["mdt"] for a in site.articles if a["dt"].year == y)
        parts.append(f"""<sitemap>
<loc>{_x(site.url(f'/sitemaps/articles-{y}.xml'))}</loc>
<lastmod>{last.isoformat()}</lastmod>
</sitemap>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{chr(10).join(parts)}
</sitemapindex>
"""


def urlset(site, items: list[dict]) -> str:
    parts = [f"""<url>
<loc>{_x(a['url'])}</loc>
<lastmod>{a['mdt'].isoformat()}</lastmod>
<changefreq>monthly</changefreq>
</url>""" for a in items]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{chr(10).join(parts)}
</urlset>
"""


def robots(site) -> str:
    return f"""User-agent: *
Disallow: /admin/
Disallow: /tim-kiem
Allow: /

Sitemap: {site.url('/sitemap.xml')}
"""
