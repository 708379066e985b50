"""Items passed from the spiders to the pipelines."""
import scrapy


class PageItem(scrapy.Item):
    """A fetched page the spider believes is an article; the pipelines do the rest."""

    source = scrapy.Field()       # source name
    url = scrapy.Field()          # final URL after redirects
    request_url = scrapy.Field()  # URL as discovered
    status = scrapy.Field()
    html = scrapy.Field()         # decoded page text
    html_gz = scrapy.Field()      # set by ExtractPipeline with SOLIEU_KEEP_HTML: the html as stored (gzip)
    fetched_at = scrapy.Field()
    article = scrapy.Field()      # set by ExtractPipeline: crawler.extract.Article as dict
    observations = scrapy.Field() # set by NlpPipeline: list of dicts
    store_status = scrapy.Field() # set by StorePipeline: new|updated|unchanged


class DocumentItem(scrapy.Item):
    """A fetched document (PDF, DOCX, XLSX, DOC) linked from a monitored page; DocumentPipeline stores it."""

    source = scrapy.Field()
    url = scrapy.Field()          # final URL after redirects
    request_url = scrapy.Field()  # URL as linked
    body = scrapy.Field()         # the bytes
    linked_from = scrapy.Field()  # the page (article or listing) that linked it
    fetched_at = scrapy.Field()
    store_status = scrapy.Field() # set by DocumentPipeline: stored|duplicate|failed
