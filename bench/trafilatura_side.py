"""The baseline for the crawl bench: trafilatura's own download + extract over the same local site.

trafilatura's crawler and sitemap discovery (focused_crawler, `trafilatura --sitemap`) go through courlan,
which rejects IP hosts such as 127.0.0.1, so the baseline is given the site's article URLs (the sitemap)
and runs trafilatura's downloader (`fetch_url`, threads, no politeness sleep, loopback allowed) and
`trafilatura.extract` with metadata in a process per core — the work our crawl does before its NLP.
"""
from __future__ import annotations

import configparser
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path

_CONFIG: dict[str, object] = {}


def config_file(workdir: Path) -> Path:
    """trafilatura's default settings with no sleep between requests and loopback allowed."""
    import trafilatura.settings

    cfg = configparser.ConfigParser()
    cfg.read(Path(trafilatura.settings.__file__).with_name("settings.cfg"))
    cfg["DEFAULT"]["SLEEP_TIME"] = "0"
    cfg["DEFAULT"]["SSRF_PROTECTION"] = "off"
    path = workdir / "trafilatura.cfg"
    with path.open("w") as fh:
        cfg.write(fh)
    return path


def _config(path: str):
    if "cfg" not in _CONFIG:
        import logging

        from trafilatura.settings import use_config

        # Its threads share one connection pool to the site: urllib3 warns on every extra connection.
        logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
        _CONFIG["cfg"] = use_config(path)
    return _CONFIG["cfg"]


def _fetch(url: str, cfg_path: str) -> tuple[str, str | None]:
    from trafilatura import fetch_url

    return url, fetch_url(url, config=_config(cfg_path))


def _extract(url: str, html: str, cfg_path: str) -> bool:
    from trafilatura import extract

    return bool(extract(html, url=url, with_metadata=True, output_format="json", config=_config(cfg_path)))


def run_trafilatura(urls: list[str], workdir: Path, cores: int) -> tuple[int, float]:
    """(articles extracted, wall seconds) of trafilatura downloading and extracting urls."""
    cfg = str(config_file(workdir))
    start = time.monotonic()
    done = 0
    with ThreadPoolExecutor(max_workers=4 * cores) as fetchers, \
            ProcessPoolExecutor(max_workers=cores, mp_context=get_context("spawn")) as extractors:
        pages = fetchers.map(lambda u: _fetch(u, cfg), urls)
        futures = [extractors.submit(_extract, url, html, cfg) for url, html in pages if html]
        done = sum(1 for f in futures if f.result())
    return done, time.monotonic() - start
