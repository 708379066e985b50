"""CPU-heavy work (HTML extraction, figure extraction) off the Twisted reactor thread.

A process pool per crawl process (SOLIEU_WORKERS processes; 0 runs the work inline) so that
every core extracts while the reactor goes on fetching. Jobs are plain module-level functions
over plain values, so they pickle.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from scrapy import signals

from crawler.jobs import worker_init

_pools: dict[int, "WorkerPool"] = {}
PRELOAD = ["crawler.preload"]  # imported once by the forkserver: models loaded before workers fork


def _context():
    """forkserver: never fork the process that runs the reactor; fork a fresh one that preloaded the models.

    The forkserver exits when the crawl process does (it reads EOF on its pipe); spawn where there is no
    forkserver."""
    try:
        ctx = multiprocessing.get_context("forkserver")
    except ValueError:  # pragma: no cover - platforms without fork
        return multiprocessing.get_context("spawn")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


class WorkerPool:
    """A lazily started process pool shared by a crawler's pipelines, shut down with the engine."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor: Executor | None = None

    def _start(self) -> Executor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(),
                                                 initializer=worker_init)
        return self._executor

    async def run(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run func(*args) in a worker process (or inline when workers == 0) and await the result."""
        if self.workers <= 0:
            return func(*args)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._start(), func, *args)
        except BrokenProcessPool:
            # A worker died (OOM, kill): start a fresh pool for the next items, fail this one.
            self.shutdown()
            raise

    def shutdown(self) -> None:
        """Stop the worker processes without blocking the reactor (they exit once idle)."""
        if self._executor is not None:
            # wait=True would block the reactor thread while Scrapy closes its connections and
            # make its disconnect timer fire twice (AlreadyCalledError at shutdown).
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def pool_for(crawler) -> WorkerPool:
    """The worker pool of this crawler (one per crawler, created on first use)."""
    key = id(crawler)
    if key not in _pools:
        workers = crawler.settings.getint("SOLIEU_WORKERS", os.cpu_count() or 1)
        pool = _pools[key] = WorkerPool(workers)

        def _stop(*_a: Any, **_kw: Any) -> None:
            _pools.pop(key, None)
            pool.shutdown()

        crawler.signals.connect(_stop, signal=signals.engine_stopped, weak=False)
    return _pools[key]
