"""CPU-heavy work (HTML extraction, figure extraction) off the Twisted reactor thread.

A process pool per crawl process (SOLIEU_WORKERS processes; 0 runs the work inline) so that
every core extracts while the reactor goes on fetching. Jobs are plain module-level functions
over plain values, so they pickle.
"""
from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import os
import signal
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from scrapy import signals

from crawler.jobs import worker_init

_pools: dict[int, "WorkerPool"] = {}
COLLECT_EVERY = 300  # jobs between full garbage collections in the crawl process
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


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class PoolStopping(RuntimeError):
    """The crawl is stopping: the job was not started."""


@contextlib.contextmanager
def _stop_signals_blocked():
    """Block SIGINT/SIGTERM while workers are spawned: they inherit the mask, so a Ctrl-C during their
    start-up (imports) is never a KeyboardInterrupt there; the parent gets it once unblocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class WorkerPool:
    """A lazily started process pool shared by a crawler's pipelines, shut down with the engine.

    At most 2 jobs per worker are queued: when the crawl stops (`stopping()` true) the items still
    waiting are not started (PoolStopping), so a graceful stop finishes within a few items."""

    def __init__(self, workers: int, stopping: Callable[[], bool] = lambda: False):
        self.workers = workers
        self.stopping = stopping
        self._executor: ProcessPoolExecutor | None = None
        self._slots: asyncio.Semaphore | None = None
        self._done = 0

    def start_soon(self) -> None:
        """Start the forkserver now: it loads the models (a few seconds) while the spider fetches robots.txt
        and the sitemaps, so the first page's submit() (which forks the workers from it) waits less.

        Called in the main thread: the forkserver asks for SIGKILL when the thread that started it ends
        (PR_SET_PDEATHSIG follows the thread). It returns at once; the preload runs meanwhile."""
        if self.workers <= 0 or self._executor is not None:
            return
        if os.name == "posix":  # first: it unblocks SIGINT/SIGTERM once started (see _start)
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
        os.environ["SOLIEU_CRAWL_PID"] = str(os.getpid())  # read by crawler.preload in the forkserver
        with _stop_signals_blocked():
            if _context().get_start_method() == "forkserver":
                from multiprocessing import forkserver

                forkserver.ensure_running()

    def _start(self) -> Executor:
        if self._executor is None:
            if os.name == "posix":
                # Started on first spawn otherwise, and it *unblocks* SIGINT/SIGTERM when it has started:
                # the first worker would then start without the mask (see _stop_signals_blocked).
                from multiprocessing import resource_tracker

                resource_tracker.ensure_running()
            os.environ["SOLIEU_CRAWL_PID"] = str(os.getpid())  # read by crawler.preload in the forkserver
            ctx = _context()
            # A forkserver's workers are its children: they watch it, and it exits with the crawl process.
            parent = None if ctx.get_start_method() == "forkserver" else os.getpid()
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                                 initializer=worker_init, initargs=(parent,))
        return self._executor

    async def run(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run func(*args) in a worker process (or inline when workers == 0) and await the result."""
        if self.stopping():
            raise PoolStopping("crawl stopping")
        if self.workers <= 0:
            return func(*args)
        if self._slots is None:
            self._slots = asyncio.Semaphore(2 * self.workers)
        async with self._slots:
            if self.stopping():
                raise PoolStopping("crawl stopping")
            loop = asyncio.get_running_loop()
            try:
                executor = self._start()
                with _stop_signals_blocked():  # submit() spawns the workers
                    future = loop.run_in_executor(executor, func, *args)
                result = await future
            except BrokenProcessPool:
                # A worker died (OOM, kill): start a fresh pool for the next items, fail this one.
                self.shutdown()
                raise
            self._done += 1
            if self._done % COLLECT_EVERY == 0:
                # A page leaves reference cycles (Deferreds, failures, coroutines) that only a full collection
                # frees, and Python runs one when the garbage reaches a quarter of the live objects: with
                # thousands of queued requests alive that let the crawl process grow with the site. A full
                # collection every few hundred pages (tens of ms) keeps it flat.
                gc.collect()
            return result

    def shutdown(self) -> None:
        """Stop the worker processes without blocking the reactor (they exit once idle)."""
        if self._executor is not None:
            # wait=True would block the reactor thread while Scrapy closes its connections and
            # make its disconnect timer fire twice (AlreadyCalledError at shutdown).
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def kill(self) -> None:
        """Kill the worker processes now (a forced stop: their results are not wanted)."""
        if self._executor is not None:
            for proc in list((getattr(self._executor, "_processes", None) or {}).values()):
                with contextlib.suppress(Exception):
                    proc.kill()
            self.shutdown()


def kill_all() -> None:
    """Kill every crawler's workers (after a forced stop, so that exiting never waits for them)."""
    for pool in list(_pools.values()):
        pool.kill()
    _pools.clear()


def _opened(pool: WorkerPool) -> None:
    """At spider open: freeze what start-up allocated (modules, settings: never garbage, never scanned
    again by the collector), then start the workers."""
    gc.collect()
    gc.freeze()
    pool.start_soon()


def pool_for(crawler) -> WorkerPool:
    """The worker pool of this crawler (one per crawler, created on first use)."""
    key = id(crawler)
    if key not in _pools:
        workers = crawler.settings.getint("SOLIEU_WORKERS", os.cpu_count() or 1)
        pool = _pools[key] = WorkerPool(workers, stopping=lambda: not crawler.crawling)

        def _stop(*_a: Any, **_kw: Any) -> None:
            _pools.pop(key, None)
            pool.shutdown()

        crawler.signals.connect(_stop, signal=signals.engine_stopped, weak=False)
        crawler.signals.connect(lambda *_a, **_kw: _opened(pool), signal=signals.spider_opened, weak=False)
    return _pools[key]
