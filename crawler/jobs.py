"""The crawl's CPU work as plain functions over plain values, run in the worker processes.

Kept apart from the pipelines so that a worker imports extraction and NLP only, not Scrapy.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gzip
import os
import signal
import sys
import threading
import time
from typing import Any

import nlp
from nlp.observation import situate
from nlp.place import dateline_place
from nlp.tagger import kept_tags, tagger_version
from nlp.watchlist import article_entities


def extract_page(html: str, url: str) -> dict[str, Any] | str:
    """Worker job: the article record as a dict, or "reason: message" (reason a drop counter) when none."""
    from crawler.extract.article import ExtractionError, extract_article  # trafilatura: not for `reprocess`

    try:
        article = extract_article(html, url)
    except ExtractionError as exc:
        return f"{exc.reason}: {exc}"
    if not article.is_article:
        return f"{article.not_article_reason or 'not_article'}: not an article page"
    return article.to_dict()


# db.store.HTML_GZIP_LEVEL: the same bytes as db.store.compress_html (tests/crawler/test_jobs.py holds them
# equal); not imported from there, which would load sqlite-utils into every worker for one call.
_HTML_GZIP_LEVEL = 6


def process_page(html: str, url: str, home_place: str | None, watchlist: list,
                 since: str | None = None, keep_html: bool = False) -> dict[str, Any] | str:
    """Worker job: extract_page, then analyze_article, in one round trip from the crawl process.

    The article record gains "observations", "entities" and "analysis" (not when it was published before since,
    an ISO datetime: the pipeline drops it), and with keep_html "html_gz", the page compressed as the store
    keeps it (here, on a worker's core, not in the crawl process that writes). A page's HTML crosses to the
    worker once and only the record comes back, instead of the record going out and back for its figures."""
    data = extract_page(html, url)
    if isinstance(data, str):
        return data
    if since and data.get("published_at"):
        from crawler.extract.dates import aware_datetime

        published, cutoff = aware_datetime(data["published_at"]), aware_datetime(since)
        if published is not None and cutoff is not None and published < cutoff:
            return data  # dropped as too old: nothing to keep
    if keep_html:
        data["html_gz"] = gzip.compress(html.encode("utf-8"), compresslevel=_HTML_GZIP_LEVEL, mtime=0)
    data["observations"], data["entities"], data["analysis"] = analyze_article(data, home_place, watchlist)
    return data


def analyze_article(article: dict[str, Any], home_place: str | None,
                    watchlist: list) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Worker job: (observations, entities, analysis) of an article; entities first so their POS tags are
    reused. analysis holds the POS tags of the sentences both needed (db.tags keeps them for reprocess)."""
    with kept_tags() as sentences:
        entities = article_entities(article, watchlist)
        observations = article_observations(article, home_place)
    return observations, entities, {"tagger": tagger_version(), "sentences": sentences}


def article_observations(article: dict[str, Any], home_place: str | None) -> list[dict[str, Any]]:
    """Observations (figure dicts with an indicator key) for an article's sapo + body.

    A sapo usually repeats the body's headline figures: a sapo figure whose value also occurs in
    the body is left out, so one fact gives one observation."""
    sapo = article.get("sapo") or ""
    text = "\n".join(part for part in (sapo, article.get("text")) if part)
    body_start = len(sapo) + 1 if sapo else 0
    figures = nlp.extract_figures(text, published=article.get("published_at"), home_place=home_place)

    def same_fact(f) -> tuple:
        return f.kind, f.value, f.value_max, f.denominator, f.unit

    in_body = {same_fact(f) for f in figures if f.start >= body_start}
    dateline = dateline_place(article.get("text"))
    out = []
    situated: dict[tuple, dict[str, Any]] = {}  # the figures of one sentence share its place and period
    sentence_place: dict[str, str | None] = {}
    for fig in figures:
        first = sentence_place.setdefault(fig.sentence, fig.place)  # the first figure's place is its sentence's
        listed = fig.place if fig.place != first else None  # a list of places, each with its figure
        if fig.start < body_start and same_fact(fig) in in_body:
            continue
        row = fig.to_dict()
        row["span_start"], row["span_end"] = row.pop("start"), row.pop("end")  # row["indicator"] is fig.indicator
        where = situated.get((fig.sentence, fig.period, listed))
        if where is None:
            where = situated[fig.sentence, fig.period, listed] = situate(
                fig.sentence, fig.period, article.get("published_at"), home_place, dateline, listed)
        row.update(where)
        out.append(row)
    return out


def warm_up() -> None:
    """Load the models a worker uses (trafilatura, underthesea's CRFs, the gazetteer) by running them once.

    Run in the forkserver (crawler.preload) so that forked workers share these pages instead of each
    loading its own copy."""
    extract_page("<html><body><article><p>" + "Hà Nội có 30 quận. " * 20 + "</p></article></body></html>",
                 "http://127.0.0.1/tin-1.htm")
    article_entities({"title": "Ông Nguyễn Văn An thăm Hà Nội", "text": "Sở Y tế Hà Nội có 12 bệnh viện."}, [])
    article_observations({"text": "Năm 2024, Hà Nội có 12 doanh nghiệp mới, tăng 5%."}, None)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def worker_init(parent_pid: int | None = None) -> None:
    """Worker initializer: the crawl process alone handles Ctrl-C/SIGTERM; a worker dies with its parent.

    SIGINT/SIGTERM reach the whole process group (Ctrl-C, systemd): workers ignore them and finish
    their item. If the crawl process itself dies (kill -9, OOM) the worker exits too: the kernel
    sends it SIGKILL (Linux PR_SET_PDEATHSIG), and a watchdog thread checks the parent elsewhere."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # the pool starts workers with these blocked (no early traceback)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    preloaded = sys.modules.get("crawler.preload")  # forked from the forkserver: it is our parent
    parent = parent_pid or getattr(preloaded, "FORKSERVER_PID", None) or os.getppid()
    _kill_me_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="solieu-parent-watchdog", daemon=True).start()


def _kill_me_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """Exit at once when the parent process is gone (re-parented: getppid changes)."""
    while True:
        time.sleep(every)
        if os.getppid() != parent:
            os._exit(1)
