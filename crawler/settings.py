"""Scrapy settings for solieu. Custom settings carry the SOLIEU_ prefix."""
import os

BOT_NAME = "solieu"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Honest and polite.
USER_AGENT = "solieu/0.1 (+https://github.com/solieu-vn/solieu; Vietnamese news figures monitor)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Items processed at once per response (Scrapy's default 100 starts 100 asyncio tasks for every page,
# while an article page yields one item): most of the reactor's per-page overhead. Not a politeness limit.
CONCURRENT_ITEMS = 4
# Responses waiting for the pipelines (the workers) are held in memory up to this many bytes before the
# engine stops starting downloads (Scrapy's default 5 MB is ~900 generated bench pages held at once).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000

# Faults: retry 5xx and timeouts, bound the size and the wait.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = float(os.environ.get("SOLIEU_DOWNLOAD_TIMEOUT") or 30)
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
DEPTH_LIMIT = 6

ITEM_PIPELINES = {
    "crawler.pipelines.DocumentPipeline": 50,   # documents (PDF/DOCX/XLSX); the others pass them on
    "crawler.pipelines.ExtractPipeline": 100,
    "crawler.pipelines.NlpPipeline": 200,
    "crawler.pipelines.StorePipeline": 300,
}
EXTENSIONS = {
    "crawler.extensions.RunRecorder": 500,
    "scrapy.extensions.telnet.TelnetConsole": None,
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.HttpOnlyMiddleware": 1,        # every request (redirects too): http(s) only
    "crawler.middlewares.KnownArticleMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,   # waits for Retry-After on 429/503
}
DOWNLOADER = "crawler.middlewares.PoliteDownloader"  # per-domain concurrency holds without a delay
# Fingerprints of seen requests: bounded in memory, on disk (SQLite) when a JOBDIR is set.
DUPEFILTER_CLASS = "crawler.middlewares.BoundedDupeFilter"

TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19's code-execution HTTP endpoint: never in a crawler of hostile sites
# Sites we do not control may link file://, s3://, ftp:// or data: URLs: only http(s) has a handler.
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}
LOG_FORMATTER = "crawler.logformat.OneLineLogFormatter"  # a dropped item is one line, never its HTML
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# solieu's own settings.
SOLIEU_DB = os.environ.get("SOLIEU_DB")       # None: db.default_db_path()
SOLIEU_SOURCES = os.environ.get("SOLIEU_SOURCES")  # None: the shipped crawler/sources.yaml
SOLIEU_BASE_URL = None                          # serve a source from another base URL (demo, mirror)
SOLIEU_MAX_PAGES = None                         # cap on listing pages followed per section
SOLIEU_SKIP_KNOWN = True                        # incremental: don't fetch article URLs already stored
SOLIEU_WORKERS = os.cpu_count() or 1            # processes for extraction + figures; 0 = in the reactor thread
SOLIEU_KEEP_HTML = True                         # keep raw HTML (gzip) for re-processing
SOLIEU_SINCE = os.environ.get("SOLIEU_SINCE")   # ISO datetime: skip sitemap entries/articles older than it
SOLIEU_RETRY_AFTER_MAX = 120.0                  # longest Retry-After wait honoured (seconds)
SOLIEU_DUPEFILTER_MAX = 400_000                 # request fingerprints kept in memory (no JOBDIR)
SOLIEU_DOCUMENTS = True                         # follow .pdf/.docx/.doc/.xlsx links and document listing pages
SOLIEU_DOCUMENT_MAXSIZE = 50 * 1024 * 1024      # largest document downloaded (bytes)
SOLIEU_JOBDIR = os.environ.get("SOLIEU_JOBDIR") # disk queues + seen requests per source under it (resumable)
SOLIEU_SITEMAP_MAX_BYTES = 50 * 1024 * 1024     # decompressed size cap of one sitemap (gzip bombs refused)
SOLIEU_SITEMAP_MAX_URLS = 5000                  # article URLs all sitemaps of a source may enqueue (newest first)
SOLIEU_SITEMAP_MAX_CHILDREN = 100               # sitemaps of a sitemap index followed (newest first)
SOLIEU_STOP_TIMEOUT = 15.0                      # after a first Ctrl-C/SIGTERM, seconds to finish in-flight work

# Many crawl processes on one shared frontier (crawler/frontier.py): redis://HOST:PORT/DB, or None.
# Set (here via the environment, e.g. for Scrapyd; or `solieu crawl --frontier`), requests and seen
# requests live in Redis and items go to a Redis list for `solieu store --from` instead of SQLite.
SOLIEU_FRONTIER = os.environ.get("SOLIEU_FRONTIER")
SOLIEU_FRONTIER_PREFIX = os.environ.get("SOLIEU_FRONTIER_PREFIX") or "solieu"  # Redis key prefix
SOLIEU_FRONTIER_TTL = 60                         # seconds without a heartbeat before a worker counts as dead
SOLIEU_FRONTIER_SEEN_TTL = 7 * 86400             # seen requests expire this long after the last addition
if SOLIEU_FRONTIER:
    from crawler.frontier import frontier_settings as _frontier_settings

    globals().update(_frontier_settings(SOLIEU_FRONTIER, ITEM_PIPELINES, EXTENSIONS))
    SOLIEU_SKIP_KNOWN = bool(SOLIEU_DB)          # a worker only reads a database it is given
