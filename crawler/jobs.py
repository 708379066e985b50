"""The crawl's CPU work as plain functions over plain values, run in the worker processes.

Kept apart from the pipelines so that a worker imports extraction and NLP only, not Scrapy.
"""
from __future__ import annotations

import signal
from typing import Any

import nlp
from crawler.extract.article import ExtractionError, extract_article
from nlp.watchlist import article_entities


def extract_page(html: str, url: str) -> dict[str, Any] | str:
    """Worker job: the article record as a dict, or the reason there is none."""
    try:
        article = extract_article(html, url)
    except ExtractionError as exc:
        return f"no article text: {exc}"
    return article.to_dict() if article.is_article else "not an article page"


def analyze_article(article: dict[str, Any], home_place: str | None,
                    watchlist: list) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Worker job: (observations, entities) of an article; entities first so their POS tags are reused."""
    entities = article_entities(article, watchlist)
    return article_observations(article, home_place), entities


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
    out = []
    for fig in figures:
        if fig.start < body_start and same_fact(fig) in in_body:
            continue
        row = fig.to_dict()
        row["span_start"], row["span_end"] = row.pop("start"), row.pop("end")  # row["indicator"] is fig.indicator
        out.append(row)
    return out


def worker_init() -> None:
    """Worker initializer: Ctrl-C / systemd's SIGTERM reach every process; only the crawl process stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
