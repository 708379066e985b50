"""Log lines for items: one short line per drop, scraped item or item error, never the page's HTML."""
from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter

MAX_MESSAGE = 300


def one_line(text: object, limit: int = MAX_MESSAGE) -> str:
    """A message on one line of at most limit characters (control characters blanked)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def item_url(item: Any) -> str:
    """The URL of an item (PageItem or dict), '?' when it has none."""
    try:
        return one_line(item.get("url") or "?", 500)
    except AttributeError:
        return "?"


class OneLineLogFormatter(LogFormatter):
    """Scrapy's LogFormatter without the item dumps: a 10 MB page dropped is one line, not 100k."""

    def dropped(self, item, exception, response, spider) -> dict[str, Any]:
        """`Dropped (reason): message <url>` at the DropItem's level."""
        entry = super().dropped(item, exception, response, spider)
        reason = getattr(exception, "solieu_reason", None) or type(exception).__name__
        return {"level": entry["level"], "msg": "Dropped (%(reason)s): %(message)s <%(url)s>",
                "args": {"reason": reason, "message": one_line(exception), "url": item_url(item)}}

    def scraped(self, item, response, spider) -> dict[str, Any]:
        """`Scraped <url>` at DEBUG."""
        return {"level": logging.DEBUG, "msg": "Scraped <%(url)s>", "args": {"url": item_url(item)}}

    def item_error(self, item, exception, response, spider) -> dict[str, Any]:
        """`Error processing <url>` (the traceback follows from Scrapy)."""
        return {"level": logging.ERROR, "msg": "Error processing <%(url)s>", "args": {"url": item_url(item)}}
