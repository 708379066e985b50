"""hanoionline.vn: the news spider with its source entry (see crawler/sources.yaml)."""
from crawler.spiders.news import NewsSpider


class HanoionlineSpider(NewsSpider):
    """`scrapy crawl hanoionline [-a base_url=http://127.0.0.1:PORT]`."""

    name = "hanoionline"
    source_name = "hanoionline"
