"""Redis and RQ, best-effort: the site never needs Redis to read, post or message.

Every job that does work for a database row has an id derived from that work
(`checkin-12-7-3`, `mail-42`) and is enqueued with RQ's `unique=True` semantics: a second
enqueue of a job that is still waiting, scheduled for a retry or running is refused
(DuplicateJobError), which we count as "already queued". A job whose last run has ended
(finished, failed, stopped) is replaced, because the sweep only asks for work the database
says is still undone.
"""

import contextlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

log = logging.getLogger(__name__)

SOCKET_TIMEOUT = 0.5
# Sweeps send pipelines of thousands of commands from a worker, where waiting is fine.
SWEEP_SOCKET_TIMEOUT = 15
DEFAULT_RETRY = (5, [10, 30, 60, 300, 900])
ENDED = {JobStatus.FINISHED.value, JobStatus.FAILED.value, JobStatus.STOPPED.value, JobStatus.CANCELED.value}
# Results live in the database; Redis keeps a finished job only briefly.
RESULT_TTL = 300
FAILURE_TTL = 7 * 24 * 3600


def redis_from_url(url: str, timeout: float = SOCKET_TIMEOUT) -> Redis:
    """A Redis client with short timeouts, for redis:// and unix:// URLs."""
    return Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def get_redis(timeout: float = SOCKET_TIMEOUT) -> Redis:
    """The app's Redis client (short timeouts for web requests, longer ones for sweeps)."""
    app = current_app._get_current_object()
    key = f"mentorship_redis_{timeout}"
    client = app.extensions.get(key)
    if client is None:
        client = redis_from_url(app.config["REDIS_URL"], timeout)
        app.extensions[key] = client
    return client


def get_queue(name: str = "default", timeout: float = SOCKET_TIMEOUT) -> Queue:
    return Queue(name, connection=get_redis(timeout))


def make_retry(policy: tuple[int, list[int]] | None = None) -> Retry:
    max_retries, intervals = policy or DEFAULT_RETRY
    return Retry(max=max_retries, interval=list(intervals))


def _job_options(job_id: str, retry, options: dict) -> dict:
    return {
        "job_id": job_id,
        "description": job_id,
        "retry": make_retry(retry),
        "result_ttl": options.pop("result_ttl", RESULT_TTL),
        "failure_ttl": options.pop("failure_ttl", FAILURE_TTL),
        "timeout": options.pop("timeout", None),
    }


def _drop_ended(connection: Redis, job_ids: Sequence[str]) -> list[str]:
    """Delete the jobs among `job_ids` whose last run has ended; return their ids."""
    if not job_ids:
        return []
    pipe = connection.pipeline(transaction=False)
    for job_id in job_ids:
        pipe.hget(Job.key_for(job_id), "status")
    dropped = []
    for job_id, status in zip(job_ids, pipe.execute(), strict=False):
        if status is not None and status.decode() in ENDED:
            with contextlib.suppress(NoSuchJobError):
                Job.fetch(job_id, connection=connection).delete()
            dropped.append(job_id)
    return dropped


def enqueue(func: str, *args, job_id: str | None = None, queue: str = "default", retry=None, **options) -> str:
    """Enqueue one job after a commit; never raises for Redis trouble (the sweeps catch up).

    Returns "enqueued", "queued" (a job with this id is already waiting or running) or
    "unavailable" (Redis did not answer in time).
    """
    if not has_app_context():
        raise RuntimeError("enqueue needs an app context")
    try:
        q = get_queue(queue)
        if job_id is None:
            q.enqueue_call(func, args=args, retry=make_retry(retry), **options)
            return "enqueued"
        job_options = _job_options(job_id, retry, options)
        for _attempt in range(2):
            try:
                q.enqueue_call(func, args=args, unique=True, **job_options)
                return "enqueued"
            except DuplicateJobError:
                if not _drop_ended(q.connection, [job_id]):
                    return "queued"
        return "queued"
    except (RedisError, OSError) as error:
        log.warning("could not enqueue %s (%s): %s", func, job_id, error)
        return "unavailable"


@dataclass
class EnqueueCounts:
    enqueued: int = 0
    queued: int = 0

    def __iadd__(self, other: "EnqueueCounts") -> "EnqueueCounts":
        self.enqueued += other.enqueued
        self.queued += other.queued
        return self


def enqueue_unique_many(
    func: str, jobs: Iterable[tuple[str, tuple]], queue: str = "default", retry=None, chunk: int = 2000, **options
) -> EnqueueCounts:
    """Enqueue many (job_id, args) with unique=True semantics, thousands per Redis round trip.

    RQ ignores pipelines when unique=True (it runs one Lua script per job), so this sends
    that same script, RQ's own, for a whole chunk in one pipeline. Raises RedisError when
    Redis is down: the caller (a sweep) simply tries again next time.
    """
    from rq.scripts import _build_hset_args, get_unique_enqueue_script  # rq==3.0.0, pinned

    q = get_queue(queue, SWEEP_SOCKET_TIMEOUT)
    connection = q.connection
    script = get_unique_enqueue_script(connection)
    counts = EnqueueCounts()
    batch: list[tuple[str, tuple]] = []

    def flush() -> None:
        pipe = connection.pipeline(transaction=False)
        pipe.sadd(q.redis_queues_keys, q.key)
        for job_id, args in batch:
            job = q.create_job(func, args=args, status=JobStatus.QUEUED, **_job_options(job_id, retry, dict(options)))
            q._prepare_for_queue(job)
            ttl = job.ttl if job.ttl is not None else -1
            script(keys=[job.key, q.key], args=[job.id, "R", ttl, *_build_hset_args(job)], client=pipe)
        results = pipe.execute()[1:]
        duplicates = [(job_id, args) for (job_id, args), ok in zip(batch, results, strict=False) if not ok]
        counts.enqueued += len(batch) - len(duplicates)
        ended = set(_drop_ended(connection, [job_id for job_id, _ in duplicates]))
        for job_id, args in duplicates:
            if job_id in ended:
                try:
                    q.enqueue_call(func, args=args, unique=True, **_job_options(job_id, retry, dict(options)))
                    counts.enqueued += 1
                    continue
                except DuplicateJobError:
                    pass
            counts.queued += 1
        batch.clear()

    for item in jobs:
        batch.append(item)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    return counts
