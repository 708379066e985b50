"""Imported by the worker pool's forkserver: load the models once, before any worker is forked.

Workers forked from the forkserver share these pages (copy-on-write) instead of loading a copy each.
The forkserver ignores SIGTERM/SIGINT like the workers (a Ctrl-C or systemd stop reaches the whole process
group; only the crawl process stops, and the forkserver exits when it does, on EOF of its pipe): a
forkserver killed mid-crawl would leave the pool's workers looking dead and the crawl unable to stop them.
"""
import signal

from crawler.jobs import warm_up

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
warm_up()
