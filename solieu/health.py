"""Source health: join the sources file with what the database knows, flag stale sources."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from crawler.sources import Source


def source_health(sources: dict[str, Source], rows: list[dict[str, Any]], stale_days: int,
                  now: datetime | None = None) -> list[dict[str, Any]]:
    """One row per source (file and database), with a `flag` for failing or stale sources."""
    now = now or datetime.now(timezone.utc)
    by_name = {r["name"]: r for r in rows}
    out = []
    for name in list(sources) + [n for n in by_name if n not in sources]:
        row = {"name": name, "url": sources[name].url if name in sources else None, "articles": 0,
               "last_success": None, "last_new_article": None, "consecutive_failures": 0,
               **by_name.get(name, {})}
        if name in sources:
            row["url"] = sources[name].url  # the sources file is the truth, not a mirror once crawled
        flags = []
        if not row.get("last_attempt"):
            flags.append("never crawled")
        if row.get("consecutive_failures"):
            flags.append(f"failing ×{row['consecutive_failures']}")
        last_new = row.get("last_new_article")
        if row.get("last_attempt") and (not last_new or
                                        datetime.fromisoformat(last_new) < now - timedelta(days=stale_days)):
            flags.append(f"no new article for {stale_days}+ days")
        if name not in sources:
            flags.append("not in sources file")
        row["flag"] = "; ".join(flags)
        out.append(row)
    return out
