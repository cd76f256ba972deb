"""Redis and RQ, best-effort: the site never needs Redis to read, post or message."""

import logging

from flask import current_app, has_app_context
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry

log = logging.getLogger(__name__)

SOCKET_TIMEOUT = 0.5


def redis_from_url(url: str, timeout: float = SOCKET_TIMEOUT) -> Redis:
    """A Redis client with short timeouts, for redis:// and unix:// URLs."""
    return Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=RedisRetry(NoBackoff(), 1))


def get_redis() -> Redis:
    app = current_app._get_current_object()
    client = app.extensions.get("mentorship_redis")
    if client is None:
        client = redis_from_url(app.config["REDIS_URL"])
        app.extensions["mentorship_redis"] = client
    return client


def get_queue(name: str = "default") -> Queue:
    return Queue(name, connection=get_redis())


def enqueue(func: str, *args, job_id: str | None = None, queue: str = "default", **kwargs):
    """Enqueue a job after a commit; on any Redis trouble log and return None (the sweep retries)."""
    if not has_app_context():
        raise RuntimeError("enqueue needs an app context")
    try:
        return get_queue(queue).enqueue(
            func,
            *args,
            job_id=job_id,
            retry=Retry(max=5, interval=[10, 30, 60, 300, 900]),
            **kwargs,
        )
    except RedisError as error:
        log.warning("could not enqueue %s (%s): %s", func, job_id, error)
        return None
