"""A worker killed mid-batch loses no push and sends each notification's push once (real subprocess workers,
real Redis, the local push service)."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.models import Notification, PushOutbox, PushStatus
from mentorship.services.notify.notifications import notify
from mentorship.services.push import choices, outbox
from mentorship.services.push.keys import vapid
from tests.factories import make_user
from tests.push.conftest import subscribe
from tests.reminders.conftest import recover_abandoned, release_scheduled, wait_until

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PUSHES = 300


def start_worker(app, tmp_path, log_name):
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app.config["REDIS_URL"],
        "INSTANCE_PATH": str(tmp_path / "worker-instance"),
        "SECRET_KEY": app.config["SECRET_KEY"],
        "VAPID_PRIVATE_KEY": vapid().private_pem().decode(),  # the site's key: pushes verify against it
        "PUSH_ALLOW_PRIVATE_ENDPOINTS": "1",
        "PUSH_CLAIM_LEASE_SECONDS": "2",
        "PYTHONPATH": str(ROOT),
    }
    rq = Path(sys.executable).with_name("rq")
    log = open(tmp_path / log_name, "wb")  # noqa: SIM115 (closed with the process)
    command = [str(rq), "worker", "-w", "rq.worker.SimpleWorker", "--with-scheduler", "--url", env["REDIS_URL"], "push"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


def sent() -> int:
    with read_only(db.session):
        return db.session.scalar(select(func.count(PushOutbox.id)).where(PushOutbox.status == PushStatus.SENT))


def test_a_worker_killed_mid_batch_loses_no_push_and_sends_each_once(app, push_service, tmp_path):
    people = [make_user(f"Member {n}") for n in range(PUSHES // 2)]
    for person in people:
        choices.save_settings(person, {}, False, 0, 0, False)
        subscribe(person, push_service.browser(f"u{person.id}"))
    for person in people:
        notify(person.id, "new_message", "New messages", "/m/1")
        notify(person.id, "introduced", "You were introduced", "/m/1")
    db.session.commit()  # 300 pushes enqueued after this commit
    db.session.close()

    worker = start_worker(app, tmp_path, "worker-1.log")
    try:
        wait_until(lambda: len(push_service.received) >= PUSHES // 4, timeout=120, message="the first pushes")
    finally:
        stop(worker, signal.SIGKILL)
    assert PUSHES // 4 <= len(push_service.received) < PUSHES, "the kill must land mid-batch"

    recover_abandoned(("push",))
    release_scheduled(("push",))
    time.sleep(2.1)  # the dead worker's claim lease (PUSH_CLAIM_LEASE_SECONDS=2 in the workers)
    workers = [start_worker(app, tmp_path, f"worker-2{n}.log") for n in "ab"]
    try:
        next_sweep = [0.0]

        def all_sent() -> bool:
            if time.monotonic() >= next_sweep[0]:  # `rq cron` runs the push sweep every 5 minutes; here every 3 s
                with read_only(db.session):
                    outbox.enqueue_due_pushes()
                next_sweep[0] = time.monotonic() + 3
            return sent() == PUSHES

        try:
            wait_until(all_sent, timeout=240, message="every push sent")
        except AssertionError as error:
            logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in sorted(tmp_path.glob("worker-*.log")))
            raise AssertionError(f"{error}: {sent()} sent; logs:\n{logs}") from None
    finally:
        for w in workers:
            stop(w)

    tags = Counter(push.payload["tag"] for push in push_service.received)
    with read_only(db.session):
        notifications = set(db.session.scalars(select(Notification.id)))
    assert {int(tag[1:]) for tag in tags} == notifications, "no notification lost its push"
    repeats = {tag: n for tag, n in tags.items() if n > 1}
    # The one window (killed after the push service's 201, before the commit): at most the row in flight, sent
    # again with the same Topic and tag, which the push service and the browser replace rather than add.
    assert len(repeats) <= 1 and all(n == 2 for n in repeats.values()), repeats
    assert len(push_service.received) - len(repeats) == PUSHES
    print(f"received {len(push_service.received)} pushes for {PUSHES} rows; repeated tags: {repeats}")
