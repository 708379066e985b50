"""Alerts: what is new for the watched terms, entities and indicators; as text, Markdown, HTML or a webhook POST."""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
import sqlite_utils

from db import alerts as dba
from db.store import utcnow

ALERT_FORMATS = ("text", "markdown", "html")


class AlertDeliveryError(RuntimeError):
    """The webhook did not accept the alert (bad URL, network error, non-2xx answer)."""


def collect(db: sqlite_utils.Database, *, since_last: bool = False, since: str | None = None) -> list[dict[str, Any]]:
    """One item per (watch, article, document or observation) match; with since_last, only items not
    reported before. A watched term found in a stored document's pages fires like an article (type
    "document", with the pages); a watched indicator's figures from documents come with their page."""
    from crawler.watchlist import load_watchlist
    from nlp.watchlist import canonical
    from db.documents import matching_documents
    from db.entities import entity_article_ids, find_entities
    from db.search import SearchError, as_phrase, matching_ids
    from nlp.entities import entity_key

    items: list[dict[str, Any]] = []
    watchlist = None
    for w in dba.list_watches(db):
        if w["kind"] == "indicator":
            found = [{"type": "observation", **o} for o in dba.indicator_observations(db, w["value"], since=since)]
        else:
            docs: list[dict[str, Any]] = []
            if w["kind"] == "term":
                try:
                    ids = matching_ids(db, as_phrase(w["value"]))
                    docs = matching_documents(db, as_phrase(w["value"]), since=since)
                except SearchError:
                    ids = []
            else:
                watchlist = watchlist if watchlist is not None else load_watchlist()
                ents = find_entities(db, entity_key(canonical(w["value"], watchlist)))
                ids = entity_article_ids(db, [e["id"] for e in ents])
            found = [{"type": "article", **a} for a in dba.articles_by_id(db, ids, since=since)]
            found += [{"type": "document", **d, "published_at": d["issued"] or d["fetched_at"]} for d in docs]
        done = {kind: dba.reported(db, w["id"], kind) for kind in ("article", "observation", "document")} \
            if since_last else {}
        for it in found:
            if since_last and it["id"] in done[it["type"]]:
                continue
            items.append({"watch_id": w["id"], "watch_kind": w["kind"], "watch": w["value"], **it})
    return items


def marks(items: list[dict[str, Any]]) -> list[tuple[int, str, int]]:
    """The (watch_id, item kind, item id) keys to remember as reported."""
    return [(it["watch_id"], it["type"], it["id"]) for it in items]


def _grouped(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[int, dict[str, Any]] = {}
    for it in items:
        g = groups.setdefault(it["watch_id"], {"kind": it["watch_kind"], "watch": it["watch"], "items": []})
        g["items"].append(it)
    return list(groups.values())


def value_text(o: dict[str, Any]) -> str:
    """An observation's value with its unit, written the Vietnamese way: '0,03%', '1,2 nghìn tỷ đồng'."""
    from solieu.output import format_value

    return format_value(o)


_TEMPLATES = {
    "text": """New for your watches ({{ generated_at }}): {{ count }} item(s)
{% for g in groups %}
== {{ g.kind }}: {{ g.watch }} ({{ g['items']|length }})
{% for it in g['items'] %}{% if it.type == 'article' %}- {{ (it.published_at or '')[:10] }} [{{ it.source }}] {{ it.title }}
  {{ it.url }}
{% elif it.type == 'document' %}- {{ (it.published_at or '')[:10] }} [văn bản {{ it.id }}{% if it.pages %}, trang {{ it.pages|join(', ') }}{% endif %}] {{ it.title }}{% if it.number %} ({{ it.number }}){% endif %}
  {{ it.url }}
{% else %}- {{ (it.published_at or '')[:10] }} {{ it.indicator }}: {{ value(it) }} ({{ it.qualifier }}{% if it.period %}, {{ it.period }}{% endif %}) [{{ cite(it) }}]
  {{ it.article_url }}
{% endif %}{% endfor %}{% endfor %}""",
    "markdown": """# New for your watches

_{{ generated_at }} · {{ count }} item(s)_
{% for g in groups %}
## {{ g.kind }}: {{ md(g.watch) }} ({{ g['items']|length }})

{% for it in g['items'] %}{% if it.type == 'article' %}- {{ (it.published_at or '')[:10] }} **{{ md(it.source) }}**: [{{ md(it.title) }}](<{{ mdurl(it.url) }}>)
{% elif it.type == 'document' %}- {{ (it.published_at or '')[:10] }} **văn bản {{ it.id }}{% if it.pages %}, trang {{ it.pages|join(', ') }}{% endif %}**: [{{ md(it.title) }}](<{{ mdurl(it.url) }}>){% if it.number %} ({{ md(it.number) }}){% endif %}
{% else %}- {{ (it.published_at or '')[:10] }} {{ md(it.indicator) }}: **{{ value(it) }}** ({{ it.qualifier }}{% if it.period %}, {{ it.period }}{% endif %}), [{{ md(cite(it)) }}](<{{ mdurl(it.article_url) }}>)
{% endif %}{% endfor %}{% endfor %}""",
    "html": """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>New for your watches</title><style>body{font-family:sans-serif;max-width:50em;margin:1em auto}</style></head>
<body><h1>New for your watches</h1><p>{{ generated_at }} · {{ count }} item(s)</p>
{% for g in groups %}<h2>{{ g.kind }}: {{ g.watch }} ({{ g['items']|length }})</h2><ul>
{% for it in g['items'] %}{% if it.type == 'article' %}<li>{{ (it.published_at or '')[:10] }} <b>{{ it.source }}</b>: <a href="{{ safe_url(it.url) }}">{{ it.title }}</a></li>
{% elif it.type == 'document' %}<li>{{ (it.published_at or '')[:10] }} <b>văn bản {{ it.id }}{% if it.pages %}, trang {{ it.pages|join(', ') }}{% endif %}</b>: <a href="{{ safe_url(it.url) }}">{{ it.title }}</a>{% if it.number %} ({{ it.number }}){% endif %}</li>
{% else %}<li>{{ (it.published_at or '')[:10] }} {{ it.indicator }}: <b>{{ value(it) }}</b> ({{ it.qualifier }}{% if it.period %}, {{ it.period }}{% endif %}) — <a href="{{ safe_url(it.article_url) }}">{{ it.article_title }}</a> ({{ cite(it) }})</li>
{% endif %}{% endfor %}</ul>{% endfor %}</body></html>""",
}


def _md(text: Any) -> str:
    s = str(text or "")
    for ch in "\\`*_[]<>#|":
        s = s.replace(ch, "\\" + ch)
    return s


def _safe_url(url: Any) -> str:
    u = str(url or "").strip()
    return u if u.lower().startswith(("http://", "https://")) else "#"


def _mdurl(url: Any) -> str:
    return "".join(c if c not in " <>()" and ord(c) > 32 else f"%{ord(c):02X}" for c in _safe_url(url))


def render_alerts(items: list[dict[str, Any]], fmt: str) -> str:
    """The alert as plain text, Markdown or a self-contained HTML page (scraped text escaped)."""
    if fmt not in ALERT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(ALERT_FORMATS)}")
    env = jinja2.Environment(autoescape=fmt == "html", keep_trailing_newline=True)
    tpl = env.from_string(_TEMPLATES[fmt])
    from solieu.output import cite

    return tpl.render(groups=_grouped(items), count=len(items), generated_at=utcnow(), value=value_text, md=_md,
                      mdurl=_mdurl, safe_url=_safe_url, cite=cite)


def payload(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON body POSTed to a webhook."""
    keep = ("watch_kind", "watch", "type", "id", "source", "title", "url", "published_at", "indicator", "subject",
            "value", "value_max", "kind", "unit", "qualifier", "period", "sentence", "article_title", "article_url",
            "document_id", "page", "pages", "number", "issuer")
    return {"generated_at": utcnow(), "count": len(items), "text": render_alerts(items, "text"),
            "items": [{k: it.get(k) for k in keep if it.get(k) is not None} for it in items]}


MAX_REDIRECTS = 5


def redact_url(url: str | None) -> str | None:
    """A webhook URL without its secret parts (path, query, credentials): what may be stored."""
    if not url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…" if parts.path not in ("", "/") or parts.query else \
        f"{parts.scheme}://{host}{port}/"


def post_webhook(url: str, body: dict[str, Any], timeout: float = 15.0) -> int:
    """POST body as JSON to an http(s) URL within one overall deadline; returns the 2xx status.

    307/308 redirects are followed with the same POST; 301/302/303 (which would turn the POST into
    a body-less GET), any other status, a network error or the deadline raise AlertDeliveryError."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        status, location = _post_once(url, data, deadline, timeout)
        if 200 <= status < 300:
            return status
        if status in (307, 308) and location:
            url = urljoin(url, location)
            continue
        if status in (301, 302, 303):
            raise AlertDeliveryError(f"webhook {redact_url(url)} redirects (HTTP {status}) to "
                                     f"{redact_url(urljoin(url, location or ''))}; a POST cannot follow that "
                                     "redirect: use the final URL")
        raise AlertDeliveryError(f"webhook {redact_url(url)} answered HTTP {status}")
    raise AlertDeliveryError(f"webhook {redact_url(url)}: more than {MAX_REDIRECTS} redirects")


def _post_once(url: str, data: bytes, deadline: float, timeout: float) -> tuple[int, str | None]:
    """One POST; (status, Location). A watchdog closes the socket at the deadline (a dripping server)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AlertDeliveryError(f"webhook URL must be http:// or https://, not {redact_url(url)!r}")
    left = deadline - time.monotonic()
    if left <= 0:
        raise AlertDeliveryError(f"webhook {redact_url(url)}: no answer within {timeout:g} s")
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname, parts.port, timeout=left)
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    watchdog = threading.Timer(left, cut)
    watchdog.daemon = True
    watchdog.start()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("POST", path, body=data, headers={"Content-Type": "application/json; charset=utf-8",
                                                       "User-Agent": "solieu-alerts/0.1"})
        resp = conn.getresponse()
        return resp.status, resp.getheader("Location")
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set() or isinstance(exc, TimeoutError):
            raise AlertDeliveryError(f"webhook {redact_url(url)}: no answer within {timeout:g} s") from exc
        raise AlertDeliveryError(f"webhook {redact_url(url)} unreachable: {exc}") from exc
    finally:
        watchdog.cancel()
        conn.close()
