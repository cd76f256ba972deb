"""Fault tests against real Redis and a real SMTP server: killed workers, Redis down, SMTP down."""

import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import g
from redis.exceptions import RedisError
from sqlalchemy import func, select

from jobs.sweeps import sweep_outbox, sweep_reminders
from mentorship import create_app, embedded_redis
from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.models import EmailOutbox, Notification, ReminderDelivery
from mentorship.services.notify import mail as mail_service
from mentorship.services.notify.notifications import notify
from mentorship.services.space.reminders import sweep_checkins
from tests.conftest import TEST_CONFIG, login_client
from tests.factories import make_community, make_user
from tests.reminders.conftest import (  # noqa: F401
    bulk_due_pairs,
    count,
    free_port,
    outbox_fixture,
    recover_abandoned,
    redis_conn,
    release_scheduled,
    run_worker,
    wait_until,
)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def fresh_count(model, *where) -> int:
    """A count from a fresh read-only snapshot (on SQLite it must not hold the workers' write lock)."""
    with read_only(db.session):
        return count(model, *where)


def start_worker(app, tmp_path, log_name):
    """`rq worker --with-scheduler` in its own process group, on the test's database and Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app.config["REDIS_URL"],
        "INSTANCE_PATH": str(tmp_path / "worker-instance"),
        "MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "MAIL_CLAIM_LEASE_SECONDS": "2",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("MAIL_SERVER", None)
    rq = Path(sys.executable).with_name("rq")
    log = open(tmp_path / log_name, "wb")  # noqa: SIM115 (closed with the process)
    command = [str(rq), "worker", "-w", "rq.worker.SimpleWorker", "--with-scheduler", "--url", env["REDIS_URL"]]
    return subprocess.Popen(
        [*command, "reminders", "mail"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(worker, tmp_path, predicate, timeout, message):
    """wait_until, showing the worker's log if it does not come."""
    try:
        wait_until(predicate, timeout=timeout, message=message)
    except AssertionError as error:
        logs = "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(tmp_path.glob("worker-*.log")))
        raise AssertionError(f"{error}; worker exit code {worker.poll()}; logs:\n{logs}") from None


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(app, outbox, tmp_path, monkeypatch):
    """1,000 due reminders in batch jobs of 50; SIGKILL the worker part-way; restart it: one reminder and one
    mail each."""
    monkeypatch.setitem(app.config, "REMINDER_BATCH_SIZE", 50)
    bulk_due_pairs(500)
    assert sweep_checkins().enqueued == 1000
    worker = start_worker(app, tmp_path, "worker-1.log")
    try:
        wait_for(worker, tmp_path, lambda: fresh_count(ReminderDelivery) >= 250, 60, "the first reminders")
    finally:
        stop(worker, signal.SIGKILL)  # the whole process group: worker, work horse and scheduler
    delivered = fresh_count(ReminderDelivery)
    assert 250 <= delivered < 1000, "the kill must land mid-batch"

    recover_abandoned()  # RQ retries the job the dead worker held, once its heartbeat has lapsed
    release_scheduled()
    # Restarted, and a second worker beside it: two workers must not double anything either.
    workers = [start_worker(app, tmp_path, f"worker-2{n}.log") for n in "ab"]
    try:
        sweep_checkins()  # the next sweep: whatever is still undelivered and not queued
        # `rq cron` also sweeps the outbox every few minutes: a mail committed by the killed worker whose job
        # was never queued (the kill fell between the two), or whose job ran while the dead worker's claim
        # still held, is sent by that sweep. Here it runs every 5 s of the wait instead.
        next_outbox_sweep = [time.monotonic() + 5]

        def all_sent() -> bool:
            if time.monotonic() >= next_outbox_sweep[0]:
                with read_only(db.session):
                    mail_service.enqueue_unsent_mail()
                next_outbox_sweep[0] = time.monotonic() + 5
            return fresh_count(EmailOutbox, EmailOutbox.sent_at.is_not(None)) == 1000

        wait_for(workers[0], tmp_path, all_sent, 400, "every mail sent")
    finally:
        for worker in workers:
            stop(worker)

    assert fresh_count(ReminderDelivery) == 1000
    per_user = db.session.execute(
        select(Notification.user_id, func.count())
        .where(Notification.kind == "checkin_due")
        .group_by(Notification.user_id)
    ).all()
    assert len(per_user) == 1000 and {n for _, n in per_user} == {1}
    mails = db.session.execute(select(EmailOutbox.user_id, func.count()).group_by(EmailOutbox.user_id)).all()
    assert len(mails) == 1000 and {n for _, n in mails} == {1}
    files = list(outbox.glob("*.eml"))
    assert len(files) == 1000 and not list(outbox.glob(".*.tmp"))
    recipients = {message_from_bytes(f.read_bytes(), policy=policy.default)["To"] for f in files}
    assert len(recipients) == 1000
    assert sweep_checkins().enqueued == 0


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own, which the test may stop and start."""
    instance = tmp_path / "private-redis"
    socket = embedded_redis.start(instance)
    yield instance, f"unix://{socket}"
    embedded_redis.stop(instance)


def test_with_redis_down_the_site_answers_and_the_next_sweep_catches_up_once(app, private_redis, tmp_path):
    instance, url = private_redis
    other = create_app(
        {
            **TEST_CONFIG,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": url,
            "RATELIMIT_STORAGE_URI": url.replace("unix://", "redis+unix://"),
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        }
    )
    with other.app_context():
        [mentorship_id] = bulk_due_pairs(1)
        admin, member = make_user(name="Admin"), make_user(name="Member")
        private = make_community(admin=admin, private=True)
        make_community(members=[member])

        embedded_redis.stop(instance)
        with pytest.raises(RedisError):
            redis_conn(url).ping()
        started = time.monotonic()
        client = login_client(other, member)
        assert client.get("/").status_code == 200
        assert client.get("/notifications").status_code == 200
        assert client.get("/notifications/bell", headers={"HX-Request": "true"}).status_code == 200
        assert client.post(f"/c/{private.slug}/join", data={"accept": "y", "message": "Hi!"}).status_code == 303
        assert client.post("/notifications/read-all").status_code == 303
        # Requests share the test's app context, so forget the member Flask-Login cached in g.
        g.pop("_login_user", None)
        admin_client = login_client(other, admin)
        assert "Member asks to join" in admin_client.get("/notifications").get_data(as_text=True)
        assert time.monotonic() - started < 10  # short Redis timeouts: no request waits on it
        with pytest.raises(RedisError):
            sweep_reminders()  # the sweep cannot enqueue; it tries again next time
        assert count(ReminderDelivery) == 0 and count(EmailOutbox, EmailOutbox.sent_at.is_(None)) == 1

        embedded_redis.start(instance)
        for _ in range(2):  # the next sweep, and one more: nothing goes out twice
            sweep_reminders()
            sweep_outbox()
            run_worker(url=url)
        assert count(ReminderDelivery) == 2
        assert count(ReminderDelivery, ReminderDelivery.mentorship_id == mentorship_id) == 2
        assert count(Notification, Notification.kind == "checkin_due") == 2
        assert count(EmailOutbox) == 3 and count(EmailOutbox, EmailOutbox.sent_at.is_(None)) == 0
        assert len(list((tmp_path / "outbox").glob("*.eml"))) == 3
        db.session.remove()


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def test_with_smtp_down_mail_stays_in_the_outbox_and_goes_out_once_when_it_is_back(app, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 2)
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    smtp.stop()  # the server is down

    users = [make_user(name=f"Reader {n}") for n in range(3)]
    for user in users:
        notify(user.id, "help_request", f"Help wanted, {user.display_name}?", "/c/x")
    db.session.commit()
    run_worker(["mail"])
    rows = db.session.scalars(select(EmailOutbox).order_by(EmailOutbox.id)).all()
    assert all(r.sent_at is None and r.attempts == 1 and r.last_error and r.claimed_at is None for r in rows)
    assert mail_service.enqueue_unsent_mail() == 0  # retries are already scheduled with backoff

    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        release_scheduled(["mail"])  # the backoff has passed
        run_worker(["mail"])
        mail_service.enqueue_unsent_mail()
        run_worker(["mail"])
    finally:
        smtp.stop()
    db.session.expire_all()
    assert all(r.sent_at is not None and r.attempts == 2 for r in rows)
    assert sorted(m["To"] for m in inbox.messages) == sorted(u.email for u in users)
    assert len({m["Message-ID"] for m in inbox.messages}) == 3
    assert all(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in inbox.messages)
