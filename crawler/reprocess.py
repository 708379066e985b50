"""`solieu reprocess` as a library function: the current extractors over stored articles and documents.

Articles are read in id batches, their figures found on every core (worker processes forked once the
models are loaded, so they share them), and each batch is written in one transaction; an article whose
figures did not change keeps its rows. The POS tags kept at crawl time (db.tags) stand in for
underthesea, which then is not even loaded. Documents whose original bytes were kept are read again from
them (text, tables, OCR) and rewritten one transaction each.
"""
from __future__ import annotations

import collections
import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import nlp
from crawler.jobs import article_observations, worker_init
from db.reprocess import (article_batches, count_articles, replace_document, stored_document,
                          stored_document_ids, write_reprocessed)
from db.tags import decode
from nlp.tagger import kept_tags, tagger_version

MIN_PARALLEL = 32  # fewer articles than this: forking workers costs more than it saves


@dataclass
class ReprocessResult:
    """What a reprocess run did."""

    articles: int = 0
    rewritten: int = 0
    unchanged: int = 0
    observations: int = 0
    documents: dict[str, int] = field(default_factory=dict)
    document_observations: int = 0


def _article_job(article: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Worker job: an article row and its fresh observations (the text fields are not sent back).

    The article's kept POS tags (db.tags) answer for the tagger when it made them; tags made afresh
    (none kept, a new tagger, sentences not tagged before) go back with the row to be kept."""
    known: dict = {}
    unusable = article.get("tags_blob") is not None and article.get("tagger") != tagger_version()
    if not unusable and article.get("tags_blob") is not None:
        try:
            known = decode(article["tags_blob"])
        except ValueError:
            unusable = True  # damaged: tagged again, and replaced
    with kept_tags(known) as sentences:
        obs = article_observations(article, article.get("home_place"))
    row: dict[str, Any] = {"id": article["id"], "published_at": article.get("published_at")}
    if unusable or (sentences and not sentences.keys() <= known.keys()):
        # (an unusable row the figures needed no tags from is dropped: db.tags.write_tags)
        row["analysis"] = {"tagger": tagger_version(), "sentences": {**known, **sentences}}
    return row, obs


def _document_job(document_id: int, data: bytes, name: str | None, place: str | None) -> tuple[int, dict]:
    from crawler.documents import process_document

    return document_id, process_document(data, name, place)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one (the models it loaded are shared); they die with it.

    (No reactor or threads here yet, so forking is safe; a dead worker fails its jobs, never hangs.)"""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=worker_init, initargs=(os.getpid(),))


def reprocess(db, source: str | None = None, workers: int | None = None, batch: int = 100,
              documents: bool = True, progress: Callable[[str, int], None] | None = None) -> ReprocessResult:
    """Run the current figure extractor over the stored articles (and documents) of db (a source's only).

    workers: processes (default: the cores; 1 runs everything in this process). Each batch of articles
    is written in one transaction, so an interrupted run leaves whole articles, old or new."""
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    workers = max(1, workers or os.cpu_count() or 1)
    result = ReprocessResult()
    total = count_articles(db, source)
    doc_ids = stored_document_ids(db, source) if documents else []
    parallel = workers > 1 and (total >= MIN_PARALLEL or bool(doc_ids))
    pool = None
    try:
        pending: collections.deque = collections.deque()
        for rows in article_batches(db, source, batch):
            if parallel and pool is None and total >= MIN_PARALLEL:
                # The first article here loads every model (underthesea's tokenizer, the catalog); then
                # the workers fork, sharing them, and the collector is told to leave their pages alone.
                pending.append([_article_job(rows[0])])
                rows = rows[1:]
                gc.collect()
                gc.freeze()
                pool = _pool(workers)
            if pool is not None:
                pending.append(pool.map(_article_job, rows, chunksize=max(1, len(rows) // (4 * workers))))
            else:
                pending.append(map(_article_job, rows))
            while len(pending) > 1:  # the next batch is under way in the workers while this one is written
                _write(db, pending.popleft(), result, progress)
        while pending:
            _write(db, pending.popleft(), result, progress)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    for status in _documents(db, doc_ids, workers if parallel else 0, result):
        result.documents[status] = result.documents.get(status, 0) + 1
    return result


def _write(db, done: Iterator, result: ReprocessResult, progress) -> None:
    results = list(done)
    rewritten, unchanged = write_reprocessed(db, results, nlp.EXTRACTOR_VERSION)
    result.articles += len(results)
    result.rewritten += rewritten
    result.unchanged += unchanged
    result.observations += sum(len(obs) for _, obs in results)
    if progress:
        progress("articles", result.articles)


def _documents(db, doc_ids: list[tuple[int, str | None]], workers: int, result: ReprocessResult) -> Iterator[str]:
    """Read each kept document again and rewrite it (in worker processes, a few documents in flight).

    A document whose worker dies (memory) is counted failed, keeping its stored rows; the others go on
    in a new pool."""
    if not doc_ids:
        return  # (the document readers, pdfium among them, are not even imported)
    from crawler.documents import VERSION

    todo = collections.deque(doc_ids)
    while todo:
        pool = _pool(workers) if workers else None
        window: collections.deque = collections.deque()
        try:
            while todo or window:
                while todo and len(window) < max(1, 2 * workers):
                    doc_id, place = todo.popleft()
                    data, name = stored_document(db, doc_id)
                    job = pool.submit(_document_job, doc_id, data, name, place) if pool \
                        else _document_job(doc_id, data, name, place)
                    window.append((doc_id, place, job))
                doc_id, _, job = window.popleft()
                try:
                    _, outcome = job.result() if pool else job
                except BrokenProcessPool:
                    todo.extendleft((d, p) for d, p, _ in reversed(window))
                    yield "failed"
                    break
                status = replace_document(db, doc_id, outcome, VERSION)
                if status == "updated":
                    result.document_observations += len(outcome["observations"])
                yield status
        finally:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
