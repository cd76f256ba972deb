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
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from flask import current_app, has_app_context
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

SOCKET_TIMEOUT = 0.5
# Sweeps send pipelines of thousands of commands from a worker, where waiting is fine.
SWEEP_SOCKET_TIMEOUT = 15
DEFAULT_RETRY = (5, [10, 30, 60, 300, 900])
ENDED = {JobStatus.FINISHED.value, JobStatus.FAILED.value, JobStatus.STOPPED.value, JobStatus.CANCELED.value}
# The database is the record of what was done: a finished job is deleted at once (a later
# sweep that enqueues the same id again finds the work done and writes nothing).
RESULT_TTL = 0
FAILURE_TTL = 7 * 24 * 3600


def redis_from_url(url: str, timeout: float = SOCKET_TIMEOUT) -> Redis:
    """A Redis client with short timeouts, for redis:// and unix:// URLs."""
    return Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=RedisRetry(NoBackoff(), 1))


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
    """The app's Queue object (kept: it caches the server version RQ asks for on every enqueue)."""
    queues = current_app.extensions.setdefault("mentorship_queues", {})
    key = (name, timeout)
    if key not in queues:
        queues[key] = Queue(name, connection=get_redis(timeout))
    return queues[key]


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


def _drop_stale(queue: Queue, job_ids: Sequence[str]) -> list[str]:
    """Delete the jobs among `job_ids` that will never run again; return their ids.

    Those whose last run has ended, and those "queued" in no list: a worker that listens on several queues
    takes a job with a plain LPOP (RQ keeps no intermediate list then), so one killed between taking a job
    and starting it leaves a queued job that nothing will run. (A job taken by a live worker an instant
    before this look may be enqueued once more; its work is guarded by the database like any rerun.)"""
    if not job_ids:
        return []
    connection = queue.connection
    pipe = connection.pipeline(transaction=False)
    for job_id in job_ids:
        pipe.hget(Job.key_for(job_id), "status")
    statuses = {job_id: status.decode() for job_id, status in zip(job_ids, pipe.execute(), strict=True) if status}
    stale = [job_id for job_id, status in statuses.items() if status in ENDED]
    waiting = [job_id for job_id, status in statuses.items() if status == JobStatus.QUEUED.value]
    if waiting:
        for job_id in waiting:
            pipe.lpos(queue.key, job_id)
            pipe.lpos(queue.intermediate_queue_key, job_id)
        places = pipe.execute()
        stale += [job_id for n, job_id in enumerate(waiting) if places[2 * n] is None and places[2 * n + 1] is None]
    for job_id in stale:
        with contextlib.suppress(NoSuchJobError):
            Job.fetch(job_id, connection=connection).delete()
    return stale


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
                if not _drop_stale(q, [job_id]):
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


# RQ's unique enqueue (rq/scripts.py: check that the job hash does not exist, save it, push
# the id) for a whole chunk of jobs in one atomic script. The fields every job of the chunk
# shares are sent once; per job only its key, id and serialized call.
_UNIQUE_ENQUEUE_MANY = """
-- KEYS[1] = queue key, KEYS[2..] = job keys; ARGV[1] = number of shared field/value pairs,
-- ARGV[2 .. 2n+1] = shared pairs, then per job: job id, data
local shared = tonumber(ARGV[1])
local fields = {}
for i = 2, 2 * shared + 1 do fields[#fields + 1] = ARGV[i] end
local results = {}
local arg = 2 * shared + 2
for k = 2, #KEYS do
    local job_id, data = ARGV[arg], ARGV[arg + 1]
    if redis.call("EXISTS", KEYS[k]) == 1 then
        results[#results + 1] = 0
    else
        redis.call("HSET", KEYS[k], "data", data, "description", job_id, unpack(fields))
        redis.call("RPUSH", KEYS[1], job_id)
        results[#results + 1] = 1
    end
    arg = arg + 2
end
return results
"""


def enqueue_unique_many(
    func: str,
    jobs: Iterable[tuple[str, tuple]],
    queue: str = "default",
    retry=None,
    chunk: int = 1000,
    weight: Callable[[tuple], int] | None = None,
    timeout: float = SWEEP_SOCKET_TIMEOUT,
    **options,
) -> EnqueueCounts:
    """Enqueue many (job_id, args) with RQ's unique=True semantics, a thousand per Redis round trip.

    RQ ignores pipelines when unique=True and runs one script per job; at 200,000 reminders
    that (and building each job's 19-field hash in Python) takes minutes. Here RQ builds one
    job of the chunk, whose hash fields serve as the template, and one script checks and
    saves the whole chunk atomically. Raises RedisError when Redis is down: the caller (a
    sweep) tries again next time. `weight(args)` counts a job as that many (a batch job as its
    reminders); `timeout` is short for callers inside a request.
    """
    q = get_queue(queue, timeout)
    size = weight or (lambda _args: 1)
    connection = q.connection
    script = connection.register_script(_UNIQUE_ENQUEUE_MANY)
    counts = EnqueueCounts()
    batch: list[tuple[str, tuple]] = []

    def flush() -> None:
        first_id, first_args = batch[0]
        template = q.create_job(
            func, args=first_args, status=JobStatus.QUEUED, **_job_options(first_id, retry, dict(options))
        )
        q._prepare_for_queue(template)
        if template.ttl is not None:
            raise ValueError("enqueue_unique_many does not support a job ttl")
        shared = {k: v for k, v in template.to_dict().items() if k not in ("data", "description") and v is not None}
        shared_args: list = []
        for field, value in shared.items():
            shared_args += [field, value if isinstance(value, (bytes, str)) else str(value)]
        func_name = template.func_name
        dumps = template.serializer.dumps
        keys, args = [q.key], [len(shared), *shared_args]
        for job_id, job_args in batch:
            keys.append(Job.key_for(job_id))
            args.extend((job_id.encode(), zlib.compress(dumps((func_name, None, tuple(job_args), {})))))
        pipe = connection.pipeline(transaction=False)
        pipe.sadd(q.redis_queues_keys, q.key)
        script(keys=keys, args=args, client=pipe)
        results = pipe.execute()[1]
        duplicates = [(job_id, job_args) for (job_id, job_args), ok in zip(batch, results, strict=True) if not ok]
        counts.enqueued += sum(size(job_args) for (_, job_args), ok in zip(batch, results, strict=True) if ok)
        ended = set(_drop_stale(q, [job_id for job_id, _ in duplicates]))
        for job_id, job_args in duplicates:
            if job_id in ended:
                try:
                    q.enqueue_call(func, args=job_args, unique=True, **_job_options(job_id, retry, dict(options)))
                    counts.enqueued += size(job_args)
                    continue
                except DuplicateJobError:
                    pass
            counts.queued += size(job_args)
        batch.clear()

    for item in jobs:
        batch.append(item)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    return counts


def batch_job_id(prefix: str, keys: Sequence) -> str:
    """A job id derived from a batch's contents: the same batch twice gets the same id (and is refused
    while queued); a batch of other rows gets another (the database's unique keys make overlaps no-ops)."""
    digest = zlib.crc32(",".join(map(str, keys)).encode())
    return f"{prefix}-{keys[0]}-{len(keys)}-{digest:08x}"


def enqueue_after_commit(name: str, model: type, send: Callable[[list[int]], object], due=None):
    """Hand the ids of the new `model` rows of a transaction to `send(ids)` once it commits, never after a
    rollback (the outboxes: mail, push). Best effort: `send` failing is logged, never raised after a
    successful commit; the outbox's sweep sends what was not enqueued. `due(row)` keeps only some rows.

    Rows the session flushes are seen by themselves; returns `remember(session, ids)` for rows written by
    a bulk INSERT (which the session does not flush)."""
    pending = f"mentorship_after_commit_{name}"

    def remember(session, ids: Iterable[int]) -> None:
        session.info.setdefault(pending, []).extend(ids)

    @event.listens_for(Session, "after_flush")
    def _remember_new_rows(session, _flush_context):
        ids = [obj.id for obj in session.new if isinstance(obj, model) and (due is None or due(obj))]
        if ids:
            remember(session, ids)

    @event.listens_for(Session, "after_commit")
    def _enqueue_after_commit(session):
        ids = session.info.pop(pending, None)
        if not ids or not has_app_context():
            return
        try:
            send(ids)
        except Exception:  # never let a queue problem surface after a successful commit
            log.exception("could not enqueue %s %s", name, ids[:10])

    @event.listens_for(Session, "after_rollback")
    def _forget_rolled_back_rows(session):
        session.info.pop(pending, None)

    return remember
