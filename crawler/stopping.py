"""One clean path for Ctrl-C and SIGTERM, from the first line of a crawl to its last.

The first signal stops scheduling and lets in-flight work finish, within SOLIEU_STOP_TIMEOUT seconds;
the runs are recorded `interrupted` and the crawl exits 3. A second signal (or the timeout) stops at
once: the worker processes are killed and the runs are still recorded `interrupted`. A signal that
arrives before the reactor runs is remembered and replayed as soon as the crawl can be stopped.
"""
from __future__ import annotations

import signal
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_current: "StopTrap | None" = None


class StopTrap:
    """Counts stop signals until the crawl process takes over; a second one before then exits 3."""

    def __init__(self, exit_code: int = 3):
        self.count = 0
        self.exit_code = exit_code
        self._old: dict[int, Any] = {}

    def install(self) -> "StopTrap":
        """Handle SIGINT/SIGTERM in this (main) thread from now on."""
        for sig in STOP_SIGNALS:
            self._old[sig] = signal.signal(sig, self._handle)
        return self

    def restore(self) -> None:
        """Put back the handlers that were there before install()."""
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()

    def _handle(self, signum: int, _frame: Any) -> None:
        self.count += 1
        if self.count >= 2:
            raise SystemExit(self.exit_code)


def stop_trap(exit_code: int = 3) -> StopTrap:
    """The process's stop trap, installed on first use: call it first thing in a command that crawls."""
    global _current
    if _current is None:
        _current = StopTrap(exit_code).install()
    return _current


def release_trap() -> None:
    """Uninstall the process's stop trap (after the crawl)."""
    global _current
    if _current is not None:
        _current.restore()
        _current = None


def make_process(settings, trap: StopTrap):
    """A StoppableCrawlerProcess (Scrapy imported only now: the trap itself is cheap to import)."""
    from scrapy.crawler import CrawlerProcess

    class StoppableCrawlerProcess(_Stoppable, CrawlerProcess):
        pass

    return StoppableCrawlerProcess(settings, trap)


class _Stoppable:
    """CrawlerProcess with a bounded graceful stop, a forced second stop and replay of early signals."""

    def __init__(self, settings, trap: StopTrap):
        super().__init__(settings)
        self.trap = trap
        self.forced = False
        self.timeout = settings.getfloat("SOLIEU_STOP_TIMEOUT", 15.0)

    @property
    def interrupted(self) -> bool:
        """True once any stop signal arrived."""
        return self.trap.count > 0

    def start(self, stop_after_crawl: bool = True, install_signal_handlers: bool = True) -> None:
        """Run the reactor; a signal caught before it ran is replayed once every engine runs."""
        from twisted.internet import reactor

        reactor.callLater(0, self._replay, 100)
        super().start(stop_after_crawl, install_signal_handlers)

    def _replay(self, tries: int) -> None:
        from twisted.internet import reactor

        if not self.trap.count:
            return
        engines_up = all(getattr(c, "_engine", None) is not None and c.engine.running for c in self.crawlers)
        if not engines_up and tries > 0:
            reactor.callLater(0.1, self._replay, tries - 1)
            return
        self._log_shutdown(signal.SIGINT)
        self._begin_graceful_stop()

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        self.trap.count += 1
        super()._signal_shutdown(signum, frame)  # schedules the graceful stop, arms _signal_kill
        from twisted.internet import reactor

        reactor.callFromThread(self._arm_timeout)

    def _begin_graceful_stop(self) -> None:
        from scrapy.utils.ossignal import install_shutdown_handlers

        install_shutdown_handlers(self._signal_kill)
        self._arm_timeout()
        self._graceful_stop_reactor()

    def _arm_timeout(self) -> None:
        from twisted.internet import reactor

        reactor.callLater(self.timeout, self._force)

    def _signal_kill(self, signum: int, frame: Any) -> None:
        self.trap.count += 1
        self.forced = True
        super()._signal_kill(signum, frame)
        from twisted.internet import reactor

        reactor.callFromThread(_kill_workers)

    def _force(self) -> None:
        if not self._crawlers_left():
            return
        self.forced = True
        _kill_workers()
        self._stop_reactor()

    def _crawlers_left(self) -> bool:
        return bool(self.crawlers)


def _kill_workers() -> None:
    from crawler.workers import kill_all

    kill_all()
