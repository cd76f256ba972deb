"""Helpers for tests of the RQ half: real workers (in-process or subprocesses), the outbox, SMTP."""

import shutil
import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job
from sqlalchemy import func, insert, select

from mentorship.extensions import db
from mentorship.models import Community, Mentorship, MentorshipMember, User, utcnow
from mentorship.services.accounts.passwords import hash_password

QUEUES = ("reminders", "mail", "default")


def redis_conn(url: str | None = None) -> Redis:
    return Redis.from_url(url or current_app.config["REDIS_URL"], socket_timeout=5)


def run_worker(queues=QUEUES, url: str | None = None) -> None:
    """Run an in-process RQ worker until the queues are empty (jobs reuse the test's app context)."""
    connection = redis_conn(url)
    SimpleWorker([Queue(name, connection=connection) for name in queues], connection=connection).work(
        burst=True, logging_level="WARNING"
    )


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture(name="outbox")
def outbox_fixture(app):
    """The .eml outbox directory, emptied for this test."""
    path = Path(app.config["MAIL_OUTBOX_DIR"])
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float = 30, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


def bulk_due_pairs(pairs: int, started_days_ago: int = 10, tz_names=("UTC",)) -> list[int]:
    """Insert `pairs` active pairs (2 members each) whose check-in is due now; returns mentorship ids.

    Bulk inserts: a thousand members in well under a second. Started 10 days ago, every
    weekday's latest 09:00 has passed since the start, so week 1 or 2 is due now.
    """
    password = hash_password("not-used-in-these-tests")
    now = utcnow()
    started = now - timedelta(days=started_days_ago)
    community = Community(slug=f"bulk-{time.monotonic_ns()}", name="Bulk")
    db.session.add(community)
    db.session.flush()
    tag = time.monotonic_ns()
    user_ids = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True),
        [
            {
                "email": f"bulk{tag}-{i}@example.com",
                "display_name": f"Person {i}",
                "password_hash": password,
                "date_of_birth": now.date().replace(year=1990),
                "adult_confirmed_at": now,
                "email_verified_at": now,
                "timezone": tz_names[i % len(tz_names)],
                "bio": "",
                "reminder_prefs": None,
                "created_at": now,
            }
            for i in range(pairs * 2)
        ],
    ).all()
    mentorship_ids = db.session.scalars(
        insert(Mentorship).returning(Mentorship.id, sort_by_parameter_order=True),
        [
            {
                "community_id": community.id,
                "kind": "pair",
                "status": "active",
                "origin": "help_request",
                "reasons": [],
                "weeks": 8,
                "started_at": started,
                "end_reason": "",
                "created_at": started,
            }
            for _ in range(pairs)
        ],
    ).all()
    db.session.execute(
        insert(MentorshipMember),
        [
            {
                "mentorship_id": mentorship_id,
                "user_id": user_ids[2 * k + j],
                "role": "mentor" if j == 0 else "mentee",
                "goals": "",
                "topics": [],
                "joined_at": started,
                "last_read_message_id": 0,
            }
            for k, mentorship_id in enumerate(mentorship_ids)
            for j in (0, 1)
        ],
    )
    db.session.commit()
    return list(mentorship_ids)


def release_scheduled(queue_names=QUEUES, url: str | None = None) -> int:
    """Fast-forward retry backoff: enqueue scheduled retries now, as RQ's scheduler does when their time comes."""
    connection = redis_conn(url)
    released = 0
    for name in queue_names:
        queue = Queue(name, connection=connection)
        registry = queue.scheduled_job_registry
        for job_id in registry.get_job_ids():
            job = Job.fetch(job_id, connection=connection)
            registry.remove(job)
            queue.enqueue_job(job)
            released += 1
    return released


def recover_abandoned(queue_names=QUEUES, url: str | None = None) -> None:
    """What RQ's maintenance does for a worker that died mid-job, fast-forwarded.

    In production a started job whose worker stops sending heartbeats is retried (or failed)
    by the next worker maintenance after its heartbeat TTL (job monitoring interval + 60 s);
    a job left in the intermediate queue after a minute. Here the clock is moved on instead
    of waiting. Must run while no worker is alive.
    """
    connection = redis_conn(url)
    for name in queue_names:
        queue = Queue(name, connection=connection)
        queue.started_job_registry.cleanup(timestamp=time.time() + 3600)
        leftovers = queue.intermediate_queue.get_job_ids()
        for job_id in leftovers:
            connection.set(queue.intermediate_queue.get_first_seen_key(job_id), time.time() - 3600)
        if leftovers:
            queue.intermediate_queue.cleanup(SimpleWorker([queue], connection=connection), queue)
