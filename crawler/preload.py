"""Imported by the worker pool's forkserver: load the models once, before any worker is forked.

Workers forked from the forkserver share these pages (copy-on-write) instead of loading a copy each.
The forkserver ignores SIGTERM/SIGINT like the workers (a Ctrl-C or systemd stop reaches the whole process
group; only the crawl process stops). It dies with the crawl process (PR_SET_PDEATHSIG: its workers hold
the pipe it would otherwise wait on), and the workers, which watch the forkserver, die with it.
"""
import gc
import os
import signal

from crawler.jobs import _kill_me_with_parent, warm_up

# The crawl process's pid as it set it before starting us: getppid() read now would be init's if the crawl
# had already died, and the check below would pass.
_PARENT = int(os.environ.get("SOLIEU_CRAWL_PID") or os.getppid())
# Workers are forked from this process and inherit this value: they watch this pid, not whatever getppid()
# says when their initializer finally runs (init's, if the forkserver died in between).
FORKSERVER_PID = os.getpid()
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
_kill_me_with_parent()
if os.getppid() != _PARENT:  # the crawl process died before prctl took effect
    os._exit(1)
warm_up()
# Objects alive now (the models) move to the permanent generation: the workers' garbage collector never
# writes to their pages, so those stay shared instead of being copied into each worker (PSS).
gc.collect()
gc.freeze()
