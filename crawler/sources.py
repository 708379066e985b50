"""The sources file: which outlets to crawl and their quirks, as data."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

DEFAULT_SOURCES = "sources.yaml"


class SourceError(ValueError):
    """A sources file or source name that cannot be used."""


@dataclass
class Source:
    """One outlet: its homepage and optional discovery hints."""

    name: str
    url: str
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    article_pattern: str | None = None
    exclude_patterns: list[str] = field(default_factory=list)
    place: str | None = None
    max_pages: int = 5
    documents: list[str] = field(default_factory=list)       # document listing pages ("/van-ban")
    document_hosts: list[str] = field(default_factory=list)  # other hosts its attachments live on
    home_url: str | None = field(default=None, repr=False)  # set by with_base: the outlet's own URL

    def __post_init__(self) -> None:
        if not self.name or not re.fullmatch(r"[A-Za-z0-9_.-]+", self.name):
            raise SourceError(f"bad source name {self.name!r}: use letters, digits, '-', '_' or '.'")
        if not self.url or not self.url.startswith(("http://", "https://")):
            raise SourceError(f"source {self.name}: url must start with http:// or https://")
        for pattern in [self.article_pattern, *self.exclude_patterns]:
            if pattern:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise SourceError(f"source {self.name}: bad regex {pattern!r}: {exc}") from exc

    def with_base(self, base_url: str) -> "Source":
        """The same source served from another base URL (a mirror or the demo site)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["url"] = base_url.rstrip("/") + "/"
        data["home_url"] = self.home_url or self.url
        return Source(**data)

    def absolute(self, path: str) -> str:
        """A feed/sitemap/section entry as an absolute URL on this source."""
        return urljoin(self.url, path)

    def is_document_host(self, url: str) -> bool:
        """True when a document link may be followed to this URL's host (the source's own or a listed one)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h.lower() or host.endswith("." + h.lower()) for h in self.document_hosts)

    def is_excluded(self, url: str) -> bool:
        """True when an exclude pattern matches the URL."""
        return any(re.search(p, url) for p in self.exclude_patterns)

    def is_article_url(self, url: str) -> bool | None:
        """True/False by the URL patterns; None when no article pattern is given."""
        if self.is_excluded(url):
            return False
        if self.article_pattern:
            return re.search(self.article_pattern, url) is not None
        return None


def load_sources(path: str | Path | None = None) -> dict[str, Source]:
    """Read a sources file (YAML list of mappings); the shipped file when path is None."""
    try:
        if path is None:
            text = resources.files("crawler").joinpath(DEFAULT_SOURCES).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise SourceError(f"cannot read sources file {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"sources file {path or DEFAULT_SOURCES} is not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise SourceError("a sources file is a YAML list of mappings (- name: …, url: …)")
    known = {f.name for f in fields(Source)} - {"home_url"}
    out: dict[str, Source] = {}
    for entry in data:
        if not isinstance(entry, dict):
            raise SourceError(f"sources entry is not a mapping: {entry!r}")
        unknown = set(entry) - known
        if unknown:
            raise SourceError(f"source {entry.get('name')}: unknown keys {sorted(unknown)}")
        try:
            src = Source(**entry)
        except TypeError as exc:
            raise SourceError(f"source {entry.get('name')}: {exc}") from exc
        out[src.name] = src
    return out


def get_source(name: str, path: str | Path | None = None) -> Source:
    """One source by name, with a clear error listing the known names."""
    sources = load_sources(path)
    if name not in sources:
        raise SourceError(f"unknown source {name!r}; known: {', '.join(sorted(sources)) or 'none'}")
    return sources[name]
