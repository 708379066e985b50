"""A shared crawl frontier in Redis (scrapy-redis): many crawl processes, on many machines, split one crawl.

`solieu crawl --frontier redis://HOST:PORT/DB` (or SOLIEU_FRONTIER in the environment, for Scrapyd) swaps
Scrapy's scheduler for FrontierScheduler, a thin subclass of scrapy-redis's Scheduler:

- one priority queue per source in Redis (scrapy-redis's PriorityQueue: articles before listings), so
  every process crawling the source pops from the same queue and a stopped crawl resumes from it;
- one duplicate filter per source (SourceDupeFilter): a Redis set that expires SOLIEU_FRONTIER_SEEN_TTL
  after its last addition and is deleted when the crawl of the source is done, so it never accumulates
  across crawls (the articles table stays the ground truth of what is stored);
- leases: a popped request is recorded under its worker until the engine is done with it (downloaded,
  parsed, its items pushed); a worker whose heartbeat expired (kill -9, lost machine) gets its leased
  requests put back in the queue by the others, and a worker that is stopped puts its own back;
- a shared end: a worker with nothing to do waits while another worker of the source is busy (it may
  still add requests) or holds requests of a dead worker, and the last one to go idle ends the crawl.

Redis keys: PREFIX:SOURCE:requests (zset), :seen (set), :workers (set), :worker:ID (state, with TTL),
:leases:ID (hash encoded request -> score); PREFIX:crawlers (set of SOURCE|ID, read by `solieu store`).
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any
from urllib.parse import urlsplit

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "solieu"
SCHEMES = ("redis", "rediss", "unix")

# Pop the best request and lease it to the worker, marking the worker busy, in one atomic step.
_LEASE = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('HSET', KEYS[2], r[1], r[2])
redis.call('SET', KEYS[3], 'busy', 'EX', ARGV[1])
return r[1]
"""
# Claim a document for this worker (first in the crawl) and, in the same step, swap the request's lease for
# its claimed form: a lease put back in the queue (the worker died or stopped) then stays this crawl's one fetch.
_CLAIM = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[1], ARGV[2])
if ARGV[3] ~= '' and redis.call('HDEL', KEYS[2], ARGV[3]) == 1 then redis.call('HSET', KEYS[2], ARGV[4], ARGV[5]) end
return 1
"""
# Is the source's crawl over? Requeue dead workers' leases; 1 (and clean up) when nothing is left anywhere.
_FINISH = """
local queue, workers, seen, crawlers = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local me, state_prefix, lease_prefix, source = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local requeued, busy = 0, 0
for _, w in ipairs(redis.call('SMEMBERS', workers)) do
  if w ~= me then
    local st = redis.call('GET', state_prefix .. w)
    if not st then
      local leases = redis.call('HGETALL', lease_prefix .. w)
      for i = 1, #leases, 2 do redis.call('ZADD', queue, leases[i + 1], leases[i]) end
      requeued = requeued + #leases / 2
      redis.call('DEL', lease_prefix .. w)
      redis.call('SREM', workers, w)
      redis.call('SREM', crawlers, source .. '|' .. w)
    elseif st == 'busy' then
      busy = busy + 1
    end
  end
end
if busy > 0 or redis.call('ZCARD', queue) > 0 then return {0, requeued} end
redis.call('DEL', seen, lease_prefix .. me)
redis.call('SREM', workers, me)
-- me stays among the live crawlers until its run record is queued (ItemQueue.crawler_done)
return {1, requeued}
"""


def check_frontier_url(url: str) -> str:
    """The Redis URL if it is one (redis://HOST:PORT/DB, rediss://, unix://); ValueError otherwise."""
    parts = urlsplit(url or "")
    if parts.scheme not in SCHEMES or (parts.scheme != "unix" and not parts.hostname):
        raise ValueError(f"bad frontier {url!r}: expected redis://HOST:PORT/DB")
    return url


def connect(url: str) -> redis.Redis:
    """A Redis client for url, checked with PING (redis.RedisError when unreachable)."""
    client = redis.Redis.from_url(check_frontier_url(url), socket_timeout=30, socket_connect_timeout=10,
                                  retry_on_timeout=True)
    client.ping()
    return client


def frontier_settings(url: str, pipelines: dict[str, int], extensions: dict[str, Any]) -> dict[str, Any]:
    """Scrapy settings for a crawl on the Redis frontier: its scheduler, and items to Redis, not SQLite."""
    docs = next((v for k, v in pipelines.items() if k.endswith(".DocumentPipeline")), None)
    pipelines = {k: v for k, v in pipelines.items() if not k.endswith((".StorePipeline", ".DocumentPipeline"))}
    pipelines["crawler.itemqueue.RedisItemPipeline"] = 300
    if docs is not None:  # documents are read by the worker and written by the store, like articles
        pipelines["crawler.pipelines.RedisDocumentPipeline"] = docs
    extensions = {k: v for k, v in extensions.items() if not k.endswith(".RunRecorder")}
    extensions["crawler.itemqueue.RedisRunRecorder"] = 500
    return {"SOLIEU_FRONTIER": check_frontier_url(url), "SCHEDULER": "crawler.frontier.FrontierScheduler",
            "ITEM_PIPELINES": pipelines, "EXTENSIONS": extensions}


class FrontierKeys:
    """The Redis key names of one source's frontier."""

    def __init__(self, prefix: str, source: str):
        base = f"{prefix}:{source}"
        self.prefix, self.source = prefix, source
        self.requests, self.seen, self.workers = f"{base}:requests", f"{base}:seen", f"{base}:workers"
        self.state, self.leases = f"{base}:worker:", f"{base}:leases:"
        self.crawlers = f"{prefix}:crawlers"


class SourceDupeFilter(RFPDupeFilter):
    """scrapy-redis's duplicate filter, keyed per source, with Scrapy's fingerprints and an expiry."""

    def __init__(self, server: redis.Redis, key: str, ttl: int, fingerprinter, debug: bool = False):
        super().__init__(server, key, debug=debug)
        self.ttl = ttl
        self.fingerprinter = fingerprinter

    def request_seen(self, request) -> bool:
        """True when any worker of the source saw the request; remembers it (and renews the expiry)."""
        added, _ = self.server.pipeline(transaction=False).sadd(self.key, self.fingerprinter.fingerprint(request)) \
            .expire(self.key, self.ttl).execute()
        return added == 0

    def close(self, reason: str = "") -> None:
        """Keep the fingerprints: other workers still use them (FrontierScheduler deletes them at the end)."""


class FrontierScheduler(Scheduler):
    """scrapy-redis's Scheduler with per-source keys, leases and a shared end (see the module docstring)."""

    def __init__(self, server: redis.Redis, crawler, prefix: str = DEFAULT_PREFIX, ttl: int = 60,
                 seen_ttl: int = 7 * 86400, inflight: int = 8, poll: float = 0.5):
        super().__init__(server, persist=True, idle_before_close=0)
        self.crawler = crawler
        self.stats = crawler.stats
        self.prefix, self.ttl, self.seen_ttl = prefix, max(3, ttl), seen_ttl
        self.inflight, self.poll = max(1, inflight), poll
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.state = "busy"
        self._leases: dict[Any, bytes] = {}  # request object -> its encoded form (the lease's field)
        self._heartbeat: task.LoopingCall | None = None
        self._waker: task.LoopingCall | None = None
        self._lease = server.register_script(_LEASE)
        self._finish = server.register_script(_FINISH)
        self._claim = server.register_script(_CLAIM)

    @classmethod
    def from_crawler(cls, crawler) -> "FrontierScheduler":
        s = crawler.settings
        return cls(connect(s.get("SOLIEU_FRONTIER")), crawler, prefix=s.get("SOLIEU_FRONTIER_PREFIX") or DEFAULT_PREFIX,
                   ttl=s.getint("SOLIEU_FRONTIER_TTL", 60), seen_ttl=s.getint("SOLIEU_FRONTIER_SEEN_TTL", 7 * 86400),
                   inflight=s.getint("SOLIEU_FRONTIER_INFLIGHT", 8), poll=s.getfloat("SOLIEU_FRONTIER_POLL", 0.5))

    def open(self, spider) -> None:
        """Join the source's frontier: register as a worker of the source and start the heartbeat."""
        self.spider = spider
        self.keys = k = FrontierKeys(self.prefix, spider.source.name)
        self.queue = PriorityQueue(server=self.server, spider=spider, key=k.requests)
        self.df = SourceDupeFilter(self.server, k.seen, self.seen_ttl, self.crawler.request_fingerprinter,
                                   debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"))
        # Busy until its start requests are queued and it went idle once: no one ends the crawl meanwhile.
        self.server.pipeline().set(k.state + self.worker_id, "busy", ex=self.ttl).sadd(k.workers, self.worker_id) \
            .sadd(k.crawlers, f"{k.source}|{self.worker_id}").execute()
        self.stats.set_value("solieu/frontier/worker", self.worker_id)
        if queued := len(self.queue):
            logger.info("frontier %s: joining a crawl with %d requests queued", k.source, queued)
        self.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        self._heartbeat = task.LoopingCall(self.beat)
        self._heartbeat.start(max(1.0, self.ttl / 3), now=False)
        self._waker = task.LoopingCall(self.wake)
        self._waker.start(self.poll, now=False)

    def enqueue_request(self, request) -> bool:
        """Queue a request no worker of the source has seen (dont_filter requests always)."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        """Pop the best request of the source and lease it to this worker (at most `inflight` at a time).

        Taking no more than it can work on leaves the rest of the queue to the other workers."""
        if len(self._in_progress()) >= self.inflight:
            return None
        k = self.keys
        data = self._lease(keys=[k.requests, k.leases + self.worker_id, k.state + self.worker_id], args=[self.ttl])
        if data is None:
            return None
        self.state = "busy"
        request = self.queue._decode_request(data)
        self._leases[request] = data
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def claim(self, request, fingerprint: str, mark: str) -> bool:
        """Claim a request's URL for this crawl in the source's seen set (False: another request claimed it).

        On success request.meta[mark] is set and the request's lease is re-encoded with it, atomically: if
        this worker dies or stops before the fetch, the request put back in the queue is still the claimed
        one, and the next worker fetches it instead of taking it for a second fetch."""
        old = self._leases.get(request, b"")
        request.meta[mark] = True
        new = self.queue._encode_request(request)
        if not self._claim(keys=[self.keys.seen, self.keys.leases + self.worker_id],
                           args=[fingerprint, self.seen_ttl, old, new, -request.priority]):
            del request.meta[mark]
            return False
        if request in self._leases:
            self._leases[request] = new
        return True

    def has_pending_requests(self) -> bool:
        """Requests left in the shared queue."""
        return len(self.queue) > 0

    def beat(self) -> None:
        """Heartbeat: renew this worker's state and release the leases of requests the engine is done with."""
        k = self.keys
        busy = self._in_progress()
        # Stopping, requests still queued in the downloader are dropped, not fetched: keep every lease
        # until close() puts them back in the queue.
        stopping = not self.crawler.crawling
        done = [] if stopping else [data for request, data in self._leases.items() if request not in busy]
        pipe = self.server.pipeline()
        pipe.set(k.state + self.worker_id, self.state, ex=self.ttl)
        # Registered again in case a stall longer than the TTL made the others count it as dead.
        pipe.sadd(k.workers, self.worker_id).sadd(k.crawlers, f"{k.source}|{self.worker_id}")
        if done:
            pipe.hdel(k.leases + self.worker_id, *done)
        try:
            pipe.execute()
        except redis.RedisError as exc:  # a blip: the next beat tries again (leases only grow meanwhile)
            logger.warning("frontier %s: heartbeat failed: %s", k.source, exc)
            return
        released = set(done)
        self._leases = {r: d for r, d in self._leases.items() if d not in released}

    def wake(self) -> None:
        """An idle worker looks at the shared queue every `poll` seconds, not only at Scrapy's 5 s heartbeat."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if self.state == "idle" and slot is not None and len(self.queue):
            slot.nextcall.schedule()

    def _in_progress(self) -> set:
        """Requests the engine has not finished (downloading, parsing, items in the pipelines)."""
        slot = getattr(self.crawler.engine, "_slot", None)  # Scrapy has no public API for this
        return slot.inprogress if slot is not None else set(self._leases)

    def spider_idle(self, spider=None) -> None:
        """Nothing to do here: end the crawl if no worker has anything left, else wait (DontCloseSpider)."""
        k = self.keys
        self._leases.clear()
        self.state = "idle"
        self.server.pipeline().delete(k.leases + self.worker_id).set(k.state + self.worker_id, "idle", ex=self.ttl) \
            .execute()
        finished, requeued = self._finish(
            keys=[k.requests, k.workers, k.seen, k.crawlers],
            args=[self.worker_id, k.state, k.leases, k.source])
        if requeued:
            self.stats.inc_value("solieu/frontier/requeued", int(requeued))
            logger.warning("frontier %s: requeued %d requests of a worker that stopped answering",
                           k.source, int(requeued))
        if not finished:
            raise DontCloseSpider("other workers of the source are busy or requests are queued")
        self.stats.set_value("solieu/frontier/ended_crawl", True)

    def close(self, reason: str) -> None:
        """Leave the frontier: a stopped worker puts its unfinished requests back in the queue."""
        for loop in (self._heartbeat, self._waker):
            if loop is not None and loop.running:
                loop.stop()
        k = self.keys
        pipe = self.server.pipeline()
        if self._leases:
            for request, data in self._leases.items():
                pipe.zadd(k.requests, {data: -request.priority})
            self.stats.inc_value("solieu/frontier/returned", len(self._leases))
            logger.info("frontier %s: %d unfinished requests returned to the queue", k.source, len(self._leases))
        # Out of the source's workers now, but still a live crawler for the store ("closing") until its run
        # record is queued: RedisRunRecorder pushes it on spider_closed, which Scrapy fires after this close,
        # then calls ItemQueue.crawler_done. A worker killed in between is forgotten when the state expires.
        pipe.delete(k.leases + self.worker_id).set(k.state + self.worker_id, "closing", ex=self.ttl) \
            .srem(k.workers, self.worker_id)
        pipe.execute()
        self._leases.clear()
