"""Memory and CPU of a process tree, from /proc (for the crawl bench)."""
from __future__ import annotations

import os


def _pss(pid: int) -> int:
    """Proportional set size (bytes): shared pages split among the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> tuple[int, int]:
    """Resident memory (bytes) of a process and all its descendants, from /proc: (RSS sum, PSS sum).

    The RSS sum counts every shared page (libpython, numpy, lxml) once per process; PSS does not."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, pss, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        pss += _pss(p)
        todo.extend(children.get(p, []))
    return total, pss


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def tree_cpu(pid: int, seen: dict[int, float]) -> None:
    """Update seen[pid] with the CPU seconds of pid and each live descendant (keep the last value per pid)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    children.setdefault(int(fh.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    todo = [pid]
    while todo:
        p = todo.pop()
        cpu = _cpu_seconds(p)
        if cpu:
            seen[p] = max(seen.get(p, 0.0), cpu)
        todo.extend(children.get(p, []))
